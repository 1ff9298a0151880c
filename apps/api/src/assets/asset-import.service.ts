import { Injectable } from '@nestjs/common';
import { ProblemException } from '../../../../libs/common/src/problem';
import { isBusinessDate } from '../../../../libs/domain/src/business-date';
import { validateIdentifier } from '../../../../libs/domain/src/identifiers';
import type { Actor } from '../../../../libs/domain/src/roles';
import {
  ASSET_KINDS,
  LEGAL_STATUSES,
  assetRecordProblems,
  isPatent,
  type AssetKind,
  type LegalStatus,
  type RegisteredAsset,
} from '../../../../libs/domain/src/ip-assets';
import {
  AssetRegisterRepository,
  type AssetChange,
} from '../../../../libs/persistence/src/repositories/asset-register.repository';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { CollateralWatchRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral-watch.repository';
import { CollateralDates } from '../collateral/collateral-dates';

const COLUMNS = [
  'number',
  'kind',
  'title',
  'owners',
  'grantDate',
  'expiryDate',
  'annualFeePaidUntil',
  'legalStatus',
] as const;

/** Splits one CSV line (RFC 4180 quoting; owners separated by `;` inside their field). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields.map((f) => f.trim());
}

@Injectable()
export class AssetImportService {
  constructor(
    private readonly assets: AssetRegisterRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly watch: CollateralWatchRepository,
    private readonly dates: CollateralDates,
  ) {}

  /** The register's form of a number; a malformed one is a 400 with the reason code. */
  normalise(kind: AssetKind, number: string): string {
    const idKind = isPatent(kind)
      ? 'PATENT_APPLICATION'
      : (kind as 'TRADEMARK' | 'SOFTWARE_COPYRIGHT');
    const check = validateIdentifier(idKind, number);
    if (!check.valid || !check.normalized) {
      throw new ProblemException(
        'INVALID_IDENTIFIER',
        `${number} is not a valid ${idKind}: ${check.reason}`,
        { extensions: { reason: check.reason } },
      );
    }
    return check.normalized;
  }

  /**
   * Stores assets in one transaction, each change with its history row and audit entry; a
   * record that cannot be true on the business date (assetRecordProblems) stores nothing. Each
   * change is checked against the asset's active pledges in the same transaction.
   */
  async store(assets: RegisteredAsset[], user: Actor): Promise<AssetChange[]> {
    const today = await this.calendar.current();
    const errors = assets.flatMap((asset) =>
      assetRecordProblems(asset, today).map((p) => ({ number: asset.number, ...p })),
    );
    if (errors.length > 0)
      throw new ProblemException('INVALID_ASSET_RECORD', errors.map((e) => e.problem).join('; '), {
        extensions: { errors },
      });
    const dates = await this.dates.on(today);
    return this.assets.storeAll(assets, user, (tx, changes) => {
      const changed = changes.filter((c) => c.change === 'UPDATED').map((c) => c.after.number);
      return changed.length > 0 ? this.watch.reassessAssets(tx, dates, changed) : Promise.resolve();
    });
  }

  /** Validates every row first; stores all of them in one transaction, or none. */
  async import(csv: string, user: Actor) {
    const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
    const header = splitCsvLine(lines.shift() ?? '');
    if (COLUMNS.some((c, i) => header[i] !== c)) {
      throw new ProblemException('CSV_HEADER', `The header must be: ${COLUMNS.join(',')}`);
    }
    const errors: { line: number; problem: string }[] = [];
    const rows: RegisteredAsset[] = [];
    const rowLines: number[] = [];
    lines.forEach((line, index) => {
      const lineNo = index + 2;
      const f = splitCsvLine(line);
      const [number, kind, title, owners, grantDate, expiryDate, feeUntil, status] = f;
      if (f.length !== COLUMNS.length)
        return void errors.push({
          line: lineNo,
          problem: `expected ${COLUMNS.length} fields, got ${f.length}`,
        });
      if (!(ASSET_KINDS as readonly string[]).includes(kind!))
        return void errors.push({ line: lineNo, problem: `unknown kind ${kind}` });
      if (!(LEGAL_STATUSES as readonly string[]).includes(status!))
        return void errors.push({ line: lineNo, problem: `unknown legal status ${status}` });
      for (const [name, value] of [
        ['grantDate', grantDate],
        ['expiryDate', expiryDate],
        ['annualFeePaidUntil', feeUntil],
      ] as const) {
        if (value && !isBusinessDate(value))
          return void errors.push({ line: lineNo, problem: `${name} ${value} is not a date` });
      }
      const idKind = isPatent(kind as AssetKind)
        ? 'PATENT_APPLICATION'
        : (kind as 'TRADEMARK' | 'SOFTWARE_COPYRIGHT');
      const id = validateIdentifier(idKind, number!);
      if (!id.valid || !id.normalized)
        return void errors.push({ line: lineNo, problem: `${number}: ${id.reason}` });
      const ownerList = owners!
        .split(';')
        .map((o) => o.trim())
        .filter(Boolean);
      if (ownerList.length === 0)
        return void errors.push({ line: lineNo, problem: 'owners is empty' });
      rowLines.push(lineNo);
      rows.push({
        number: id.normalized,
        kind: kind as AssetKind,
        title: title!,
        owners: ownerList,
        grantDate: grantDate || null,
        expiryDate: expiryDate || null,
        annualFeePaidUntil: feeUntil || null,
        legalStatus: status as LegalStatus,
      });
    });
    const today = await this.calendar.current();
    rows.forEach((row, index) => {
      for (const { problem } of assetRecordProblems(row, today))
        errors.push({ line: rowLines[index]!, problem });
    });
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0)
      throw new ProblemException(
        'CSV_INVALID',
        `${errors.length} row(s) are invalid; nothing was imported`,
        { extensions: { errors } },
      );
    const outcome = { created: 0, updated: 0, unchanged: 0 };
    for (const { change } of await this.store(rows, user))
      outcome[change.toLowerCase() as keyof typeof outcome] += 1;
    return { rows: rows.length, ...outcome };
  }
}
