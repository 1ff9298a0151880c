import type { DataSource } from 'typeorm';
import type { Role } from '../../../domain/src/roles';

/** A cell of an export: money and dates travel as text, exactly as the API shows them. */
export type ExportCell = string | number | null;
export type ExportRow = Record<string, ExportCell>;

export interface ExportColumn {
  key: string;
  header: string;
  headerZh: string;
  /** Text cells are guarded against spreadsheet formula injection; money is never a float. */
  kind: 'text' | 'money' | 'date' | 'integer';
}

export interface ExportRequester {
  userId: string;
  role: Role;
  organisationId: string;
  /** District of the requester's organisation (district staff), if any. */
  districtCode: string | null;
}

/** A filter the requester may not use, with the code the API answers. */
export interface FilterRefusal {
  ok: false;
  code: 'INVALID_EXPORT_FILTER' | 'ORGANISATION_FORBIDDEN';
  message: string;
  details: Record<string, unknown>;
}

/** The filter a report applies for a requester, or why it refuses theirs. */
export type ScopedFilter = { ok: true; filter: Record<string, string> } | FilterRefusal;

export function filterRefusal(
  code: FilterRefusal['code'],
  message: string,
  details: Record<string, unknown> = {},
): FilterRefusal {
  return { ok: false, code, message, details };
}

/** One kind of report that can be exported as CSV or XLSX. */
export interface ExportReport {
  kind: string;
  title: string;
  allowedRoles: readonly Role[];
  /** Filter keys the requester may set; anything else is refused before a job is queued. */
  filterKeys: readonly string[];
  /**
   * The filter actually applied: the requester's own filter narrowed to what they may see (their
   * bank, their district) — or a refusal when the filter is malformed or asks for something
   * they may not see.
   */
  scope(requester: ExportRequester, filter: Record<string, string>): ScopedFilter;
  columns: readonly ExportColumn[];
  load(db: DataSource, filter: Record<string, string>): Promise<ExportRow[]>;
}

/**
 * The WHERE clause of a report's query, built from the filters that are set: each condition
 * has one `?` for its value, numbered as a query parameter; unset filters add nothing.
 */
export class ReportConditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.conditions.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  /** `WHERE a AND b`, or nothing when no filter is set. */
  where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
