import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_append`: appends a batch of audit entries at the end of the chain in one statement,
 * so an append costs one round trip instead of lock, chain-end read and insert. The caller
 * sends each entry's canonical JSON around the two fields only the chain end decides — `head`
 * ends just before the previous hash, `tail` starts just after the sequence number (in the
 * canonical key order `prevHash` and `seq` are adjacent) — and the function fills them in and
 * hashes the text exactly as AuditLog does in TypeScript, which the verifier recomputes.
 *
 * Under the chain's advisory lock, as before. The function is VOLATILE, so in READ COMMITTED
 * every statement in it takes a new snapshot: the chain end read after the lock is current.
 * An entry whose source key is already in the log (or earlier in the batch) appends nothing
 * and returns the recorded entry. Runs with the caller's rights: the application role may
 * insert audit rows and nothing more.
 */
export class AuditAppendFunction1764770000000 implements MigrationInterface {
  name = 'AuditAppendFunction1764770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION audit_append(
        heads text[], tails text[], occurred_ats text[], actor_user_ids text[],
        actor_usernames text[], actor_roles text[], actor_organisation_ids text[], actions text[],
        subject_types text[], subject_ids text[], payloads text[], source_keys text[])
      RETURNS TABLE (entry_position bigint, entry_seq bigint, entry_hash text, entry_appended boolean)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        entry record;
        chain_seq bigint;
        chain_hash text;
        entry_prev text;
      BEGIN
        PERFORM pg_advisory_xact_lock(418581342580);
        SELECT a.seq, a.hash INTO chain_seq, chain_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
        IF NOT FOUND THEN
          chain_seq := 0;
          chain_hash := repeat('0', 64);
        END IF;
        FOR entry IN
          SELECT * FROM unnest(heads, tails, occurred_ats, actor_user_ids, actor_usernames,
                               actor_roles, actor_organisation_ids, actions, subject_types,
                               subject_ids, payloads, source_keys)
                   WITH ORDINALITY AS e(head, tail, occurred_at, actor_user_id, actor_username,
                                        actor_role, actor_organisation_id, action, subject_type,
                                        subject_id, payload, source_key, position)
           ORDER BY e.position
        LOOP
          entry_position := entry.position;
          IF entry.source_key IS NOT NULL THEN
            SELECT a.seq, a.hash INTO entry_seq, entry_hash FROM audit_log a
             WHERE a.source_key = entry.source_key;
            IF FOUND THEN
              entry_appended := false;
              RETURN NEXT;
              CONTINUE;
            END IF;
          END IF;
          entry_prev := chain_hash;
          chain_seq := chain_seq + 1;
          chain_hash := encode(sha256(convert_to(
            entry.head || entry_prev || '","seq":' || chain_seq::text || entry.tail, 'UTF8')), 'hex');
          INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_username, actor_role,
                                 actor_organisation_id, action, subject_type, subject_id, payload,
                                 source_key, prev_hash, hash)
          VALUES (chain_seq, entry.occurred_at, entry.actor_user_id, entry.actor_username,
                  entry.actor_role, entry.actor_organisation_id, entry.action, entry.subject_type,
                  entry.subject_id, entry.payload::jsonb, entry.source_key, entry_prev, chain_hash);
          entry_seq := chain_seq;
          entry_hash := chain_hash;
          entry_appended := true;
          RETURN NEXT;
        END LOOP;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION audit_append(text[], text[], text[], text[], text[], text[], text[], text[],
                                  text[], text[], text[], text[])`,
    );
  }
}
