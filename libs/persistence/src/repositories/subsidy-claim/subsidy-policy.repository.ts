import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../../../audit/src/audit-log';
import type { AuditActor } from '../../../../audit/src/canonical';
import type { LprEntry } from '../../../../domain/src/subsidy-policy';

export interface PolicyRow {
  id: string;
  districtCode: string;
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';
  version: number;
  effectiveFrom: string;
  /** Last day in force (inclusive); null = open-ended. */
  effectiveTo: string | null;
  terms: Record<string, unknown>;
  example: boolean;
  publishedBy: string;
  publishedAt: string;
}

export interface NewPolicyVersion {
  districtCode: string;
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Already checked by `parsePolicyTerms`. */
  terms: object;
  example: boolean;
  publishedBy: string;
}

const POLICY_COLUMNS = `
  id, district_code AS "districtCode", kind, version,
  to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo",
  terms, example, published_by AS "publishedBy",
  to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"`;

/** Policy id: readable and stable, `310116-INTEREST-v3`. */
export function policyId(districtCode: string, kind: string, version: number): string {
  return `${districtCode}-${kind}-v${version}`;
}

/**
 * District subsidy policies (immutable versions) and the LPR table. Both are data: districts
 * publish versions, administrators maintain the LPR; claims copy what they used.
 */
@Injectable()
export class SubsidyPolicyRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(filter: { districtCode?: string; kind?: string }): Promise<PolicyRow[]> {
    return this.db.query(
      `SELECT ${POLICY_COLUMNS} FROM subsidy_policy
        WHERE ($1::text IS NULL OR district_code = $1) AND ($2::text IS NULL OR kind = $2)
        ORDER BY district_code, kind, version`,
      [filter.districtCode ?? null, filter.kind ?? null],
    );
  }

  async find(id: string): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await this.db.query(
      `SELECT ${POLICY_COLUMNS} FROM subsidy_policy WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The version in force on `date`: the highest version whose effective window contains it. */
  async inForce(
    districtCode: string,
    kind: string,
    date: string,
    manager: EntityManager = this.db.manager,
  ): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await manager.query(
      `SELECT ${POLICY_COLUMNS} FROM subsidy_policy
        WHERE district_code = $1 AND kind = $2 AND effective_from <= $3::date
          AND (effective_to IS NULL OR effective_to >= $3::date)
        ORDER BY version DESC LIMIT 1`,
      [districtCode, kind, date],
    );
    return rows[0] ?? null;
  }

  /**
   * Publishes the next version of the district's policy of this kind. Two publishers racing get
   * one version each or a unique violation (23505) for the loser, never a shared number.
   */
  async publish(
    policy: NewPolicyVersion,
    manager: EntityManager = this.db.manager,
  ): Promise<PolicyRow> {
    const rows: { version: number }[] = await manager.query(
      `SELECT coalesce(max(version), 0) + 1 AS version FROM subsidy_policy WHERE district_code = $1 AND kind = $2`,
      [policy.districtCode, policy.kind],
    );
    const version = Number(rows[0]!.version);
    const id = policyId(policy.districtCode, policy.kind, version);
    await manager.query(
      `INSERT INTO subsidy_policy (id, district_code, kind, version, effective_from, effective_to, terms, example, published_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        id,
        policy.districtCode,
        policy.kind,
        version,
        policy.effectiveFrom,
        policy.effectiveTo,
        JSON.stringify(policy.terms),
        policy.example,
        policy.publishedBy,
      ],
    );
    const published: PolicyRow[] = await manager.query(
      `SELECT ${POLICY_COLUMNS} FROM subsidy_policy WHERE id = $1`,
      [id],
    );
    return published[0]!;
  }

  /**
   * Publishes the next version together with its audit entry, both or neither. Of two publishers
   * racing for the same version number, the loser gets VERSION_TAKEN and may publish again.
   */
  async publishAudited(
    policy: NewPolicyVersion,
    actor: AuditActor,
  ): Promise<{ ok: true; policy: PolicyRow } | { ok: false; reason: 'VERSION_TAKEN' }> {
    try {
      const published = await this.db.transaction(async (tx) => {
        const row = await this.publish(policy, tx);
        await this.audit.append(
          {
            actor,
            action: 'SUBSIDY_POLICY_PUBLISHED',
            subjectType: 'SUBSIDY_POLICY',
            subjectId: row.id,
            payload: { ...row },
            sourceKey: `subsidy-policy:${row.id}`,
          },
          tx,
        );
        return row;
      });
      return { ok: true, policy: published };
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        return { ok: false, reason: 'VERSION_TAKEN' };
      throw error;
    }
  }

  /** Sets the rates in force from a date, with an audit entry of the rates before and after. */
  async putLprAudited(entry: LprEntry, actor: AuditActor): Promise<LprEntry> {
    return this.db.transaction(async (tx) => {
      const before = (await this.lprTable(tx)).find((e) => e.effectiveFrom === entry.effectiveFrom);
      const after = await this.putLpr(entry, actor.userId, tx);
      await this.audit.append(
        {
          actor,
          action: 'LPR_SET',
          subjectType: 'LPR',
          subjectId: entry.effectiveFrom,
          payload: { before: before ?? null, after },
        },
        tx,
      );
      return after;
    });
  }

  /** The whole LPR table, oldest first; rates as plain decimals (`"0.0345"`). */
  async lprTable(manager: EntityManager = this.db.manager): Promise<LprEntry[]> {
    return manager.query(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
              trim_scale(one_year)::text AS "oneYear", trim_scale(five_year)::text AS "fiveYear"
         FROM lpr_rate ORDER BY effective_from`,
    );
  }

  /** Sets the rates in force from `effectiveFrom` (a correction overwrites the same date). */
  async putLpr(
    entry: LprEntry,
    updatedBy: string,
    manager: EntityManager = this.db.manager,
  ): Promise<LprEntry> {
    await manager.query(
      `INSERT INTO lpr_rate (effective_from, one_year, five_year, updated_by) VALUES ($1,$2,$3,$4)
       ON CONFLICT (effective_from) DO UPDATE
          SET one_year = EXCLUDED.one_year, five_year = EXCLUDED.five_year,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [entry.effectiveFrom, entry.oneYear, entry.fiveYear, updatedBy],
    );
    const rows: LprEntry[] = await manager.query(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
              trim_scale(one_year)::text AS "oneYear", trim_scale(five_year)::text AS "fiveYear"
         FROM lpr_rate WHERE effective_from = $1`,
      [entry.effectiveFrom],
    );
    return rows[0]!;
  }
}
