import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `case_record_step`: a step of a case recorded in one statement, so its own transaction, where
 * it took a transaction of six to eight round trips (begin, merge, account, parties, timeline,
 * notice, audit entry, commit). Under the case row's lock: the changed members merged into the
 * stored case (a stale write, from an attempt that outlived its timeout, changes nothing), the
 * account columns refreshed when the business date moved, the parties added, the timeline entry,
 * the notice in the outbox and, last, the audit entry through `audit_append`, whose chain lock is
 * held until the statement commits.
 *
 * The caller computes the notice's recipients and the parties from the members it read at
 * `p_read_version`. If another step has been recorded since, the function refuses with
 * serialization_failure (40001) and writes nothing, and the caller reads again. Runs with the
 * caller's rights, as `audit_append` does.
 */
export class CaseRecordStepFunction1764790000000 implements MigrationInterface {
  name = 'CaseRecordStepFunction1764790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION case_record_step(
        p_case_number text, p_read_version integer, p_changes jsonb, p_refresh_account boolean,
        p_party_orgs text[], p_party_kinds text[], p_office_kinds text[], p_office_org_kinds text[],
        p_timeline jsonb, p_notice jsonb, p_notice_recipients text[],
        heads text[], tails text[], occurred_ats text[], actor_user_ids text[],
        actor_usernames text[], actor_roles text[], actor_organisation_ids text[], actions text[],
        subject_types text[], subject_ids text[], payloads text[], source_keys text[])
      RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        stored_version integer;
        merged jsonb;
        merged_version integer;
      BEGIN
        SELECT c.version, c.detail || p_changes INTO stored_version, merged
          FROM loan_case c WHERE c.case_number = p_case_number FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'case % has no projection to merge into', p_case_number;
        END IF;
        merged_version := (merged->>'version')::integer;
        IF stored_version <> p_read_version AND stored_version < merged_version THEN
          RAISE EXCEPTION 'case % is at version %, read at %', p_case_number, stored_version, p_read_version
            USING ERRCODE = 'serialization_failure';
        END IF;
        UPDATE loan_case
           SET status = merged->>'status', detail = merged, version = merged_version, updated_at = now()
         WHERE case_number = p_case_number AND version <= merged_version;
        IF p_refresh_account THEN
          PERFORM loan_case_refresh_account(p_case_number);
        END IF;
        IF cardinality(p_party_orgs) > 0 OR cardinality(p_office_kinds) > 0 THEN
          INSERT INTO case_party (case_number, organisation_id, party_kind)
          SELECT p_case_number, o.id, p.kind
            FROM unnest(p_party_orgs, p_party_kinds) AS p(org, kind) JOIN organisation o ON o.id = p.org
          UNION
          SELECT p_case_number, o.id, k.kind
            FROM unnest(p_office_kinds, p_office_org_kinds) AS k(kind, org_kind)
            JOIN organisation o ON o.kind = k.org_kind
          ON CONFLICT DO NOTHING;
        END IF;
        IF p_timeline IS NULL THEN
          RETURN;
        END IF;
        INSERT INTO case_event (case_number, seq, event, from_status, to_status, actor_user_id,
                                actor_role, business_date, occurred_at, payload)
        VALUES (p_case_number, (p_timeline->>'seq')::integer, p_timeline->>'event',
                p_timeline->>'fromStatus', p_timeline->>'toStatus', p_timeline->>'actorUserId',
                p_timeline->>'actorRole', (p_timeline->>'businessDate')::date,
                (p_timeline->>'occurredAt')::timestamptz, p_timeline->'payload')
        ON CONFLICT (case_number, seq) DO NOTHING;
        INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids,
                                  payload, business_date)
        VALUES (p_notice->>'eventKey', p_notice->>'eventType', p_notice->>'subject', p_case_number,
                p_notice_recipients, COALESCE(p_notice->'payload', '{}'::jsonb),
                (p_notice->>'businessDate')::date)
        ON CONFLICT (event_key) DO NOTHING;
        PERFORM audit_append(heads, tails, occurred_ats, actor_user_ids, actor_usernames,
                             actor_roles, actor_organisation_ids, actions, subject_types,
                             subject_ids, payloads, source_keys);
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION case_record_step(text, integer, jsonb, boolean, text[], text[], text[], text[],
                                      jsonb, jsonb, text[], text[], text[], text[], text[], text[],
                                      text[], text[], text[], text[], text[], text[], text[])`,
    );
  }
}
