import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../../audit/src/audit-log';
import type { Actor } from '../../../domain/src/roles';

export type SmeClass = 'MICRO' | 'SMALL' | 'MEDIUM' | 'NOT_SME';
export type EnterpriseStatus = 'ACTIVE' | 'PENDING_CONFIRMATION';

/** One firm of the enterprise register (企业名录). */
/** Which firms of the register a caller may read: every one, a district's, or one firm. */
export type EnterpriseScope =
  | { kind: 'ALL' }
  | { kind: 'DISTRICT'; districtCode: string }
  | { kind: 'ONE'; uscc: string };

export interface EnterpriseRow {
  uscc: string;
  legalName: string;
  districtCode: string;
  smeClass: SmeClass;
  legalRepresentative: { name: string; idNumber: string };
  contact: { name: string; phone: string; email: string };
  usccCheckOverride: { confirmedBy: string; reason: string } | null;
  /** The Shanghai district the USCC names (characters 3–8), when it names one. */
  usccsDistrict: string | null;
  status: EnterpriseStatus;
  registeredBy: string;
  registeredByOrg: string;
  registeredAt: string;
  districtConfirmedBy: string | null;
  districtConfirmedAt: string | null;
}

export type NewEnterprise = Omit<
  EnterpriseRow,
  | 'registeredBy'
  | 'registeredByOrg'
  | 'registeredAt'
  | 'districtConfirmedBy'
  | 'districtConfirmedAt'
>;

const COLUMNS = `uscc, legal_name AS "legalName", district_code AS "districtCode", sme_class AS "smeClass",
  json_build_object('name', legal_rep_name, 'idNumber', legal_rep_id_number) AS "legalRepresentative",
  json_build_object('name', contact_name, 'phone', contact_phone, 'email', contact_email) AS "contact",
  uscc_check_override AS "usccCheckOverride", usccs_district AS "usccsDistrict", status,
  registered_by AS "registeredBy", registered_by_org AS "registeredByOrg",
  to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "registeredAt",
  district_confirmed_by AS "districtConfirmedBy",
  to_char(district_confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "districtConfirmedAt"`;

/** A register change as a typed result: a constraint the database holds comes back as a code. */
export type EnterpriseWrite =
  | { ok: true; enterprise: EnterpriseRow }
  | { ok: false; code: 'ENTERPRISE_ALREADY_REGISTERED' | 'ENTERPRISE_NOT_PENDING' }
  | { ok: false; code: 'DISTRICT_CONFIRMATION_SAME_USER' };

/** The enterprise register; every change with its audit entry in the same transaction. */
@Injectable()
export class EnterpriseRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async find(uscc: string): Promise<EnterpriseRow | null> {
    const rows: EnterpriseRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM enterprise WHERE uscc = $1`,
      [uscc],
    );
    return rows[0] ?? null;
  }

  /** Firms whose USCC starts with, or whose legal name contains, `q`; ordered by name. */
  /** Firms matching `q` within `scope` (all of them, a district's, or one firm). */
  async search(
    q: string | undefined,
    limit: number,
    offset: number,
    scope: EnterpriseScope = { kind: 'ALL' },
  ) {
    const term = (q ?? '').trim();
    const scoped =
      scope.kind === 'DISTRICT' ? scope.districtCode : scope.kind === 'ONE' ? scope.uscc : null;
    const params = [term, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, scoped, limit, offset];
    const inScope =
      scope.kind === 'DISTRICT'
        ? 'district_code = $3'
        : scope.kind === 'ONE'
          ? 'uscc = $3'
          : '$3::text IS NULL';
    const where = `($1 = '' OR uscc LIKE upper($1) || '%' OR legal_name ILIKE $2) AND ${inScope}`;
    const [items, total]: [EnterpriseRow[], { count: string }[]] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS} FROM enterprise WHERE ${where} ORDER BY legal_name, uscc LIMIT $4 OFFSET $5`,
        params,
      ),
      this.db.query(`SELECT count(*) AS count FROM enterprise WHERE ${where}`, params.slice(0, 3)),
    ]);
    return { items, total: Number(total[0]?.count ?? 0) };
  }

  async register(firm: NewEnterprise, actor: Actor): Promise<EnterpriseWrite> {
    return this.db.transaction(async (tx) => {
      const inserted: { uscc: string }[] = await tx.query(
        `INSERT INTO enterprise (uscc, legal_name, district_code, sme_class, legal_rep_name, legal_rep_id_number,
                                 contact_name, contact_phone, contact_email, uscc_check_override, usccs_district,
                                 status, registered_by, registered_by_org)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
         ON CONFLICT (uscc) DO NOTHING RETURNING uscc`,
        [
          firm.uscc,
          firm.legalName,
          firm.districtCode,
          firm.smeClass,
          firm.legalRepresentative.name,
          firm.legalRepresentative.idNumber,
          firm.contact.name,
          firm.contact.phone,
          firm.contact.email,
          firm.usccCheckOverride ? JSON.stringify(firm.usccCheckOverride) : null,
          firm.usccsDistrict,
          firm.status,
          actor.userId,
          actor.organisationId,
        ],
      );
      if (inserted.length === 0) return { ok: false, code: 'ENTERPRISE_ALREADY_REGISTERED' };
      const rows: EnterpriseRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM enterprise WHERE uscc = $1`,
        [firm.uscc],
      );
      const enterprise = rows[0]!;
      await this.audit.append(
        {
          actor,
          action: 'ENTERPRISE_REGISTERED',
          subjectType: 'ENTERPRISE',
          subjectId: firm.uscc,
          payload: { ...enterprise, legalRepresentative: { name: firm.legalRepresentative.name } },
        },
        tx,
      );
      return { ok: true, enterprise };
    });
  }

  /**
   * Confirms a pending district. The conditional UPDATE and the table's CHECK both refuse a
   * confirmation by the user who registered the firm.
   */
  async confirmDistrict(uscc: string, actor: Actor): Promise<EnterpriseWrite> {
    return this.db.transaction(async (tx) => {
      const current: { status: string; registered_by: string }[] = await tx.query(
        `SELECT status, registered_by FROM enterprise WHERE uscc = $1 FOR UPDATE`,
        [uscc],
      );
      const row = current[0];
      if (!row || row.status !== 'PENDING_CONFIRMATION')
        return { ok: false, code: 'ENTERPRISE_NOT_PENDING' };
      if (row.registered_by === actor.userId)
        return { ok: false, code: 'DISTRICT_CONFIRMATION_SAME_USER' };
      await tx.query(
        `UPDATE enterprise SET status = 'ACTIVE', district_confirmed_by = $2, district_confirmed_at = now()
          WHERE uscc = $1 AND status = 'PENDING_CONFIRMATION' AND registered_by <> $2`,
        [uscc, actor.userId],
      );
      const rows: EnterpriseRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM enterprise WHERE uscc = $1`,
        [uscc],
      );
      const enterprise = rows[0]!;
      await this.audit.append(
        {
          actor,
          action: 'ENTERPRISE_DISTRICT_CONFIRMED',
          subjectType: 'ENTERPRISE',
          subjectId: uscc,
          payload: {
            districtCode: enterprise.districtCode,
            usccsDistrict: enterprise.usccsDistrict,
          },
        },
        tx,
      );
      return { ok: true, enterprise };
    });
  }
}
