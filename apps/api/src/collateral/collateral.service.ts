import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { compareDates, isBusinessDate } from '../../../../libs/domain/src/business-date';
import {
  applyLegalEvent,
  ASSET_LEGAL_EVENTS,
  INVALIDATION_OUTCOMES,
  type AssetLegalEvent,
  type AssetLegalEventKind,
  type CollateralDecision,
  type CovenantResolution,
  type InvalidationOutcome,
} from '../../../../libs/domain/src/collateral/collateral-watch';
import { DomainError, type ErrorCode } from '../../../../libs/domain/src/errors';
import { valuationFigures } from '../../../../libs/domain/src/loan-case/loan-case.rules';
import { LIVE_LOAN } from '../../../../libs/domain/src/loan-case/loan-case.states';
import type {
  LoanApplication,
  ValuationReport,
} from '../../../../libs/domain/src/loan-case/loan-case.types';
import { Money } from '../../../../libs/domain/src/money';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { CollateralRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral.repository';
import { CollateralWatchRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral-watch.repository';
import { splitCsvLine } from '../assets/asset-import.service';
import { LoanCaseService } from '../loan-case/loan-case.service';
import { CollateralDates } from './collateral-dates';
import { collateralViewFor } from './collateral-view';

/** The columns of a legal-events CSV, in order; owners separated by `;` inside their field. */
export const LEGAL_EVENT_COLUMNS = [
  'number',
  'event',
  'occurredOn',
  'paidUntil',
  'outcome',
  'owners',
  'expiryDate',
  'note',
] as const;

export interface RowError {
  line: number;
  code: ErrorCode;
  problem: string;
}

/** Carries the rows' refusals out of the import's transaction, which it rolls back. */
class ImportRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super('import refused');
  }
}

/**
 * Legal events on assets, checked against every active pledge in the transaction that records
 * them, and the bank's and the evaluator's collateral steps on a live loan.
 */
@Injectable()
export class CollateralService {
  constructor(
    private readonly collateral: CollateralRepository,
    private readonly watch: CollateralWatchRepository,
    private readonly dates: CollateralDates,
    private readonly calendar: BusinessCalendarRepository,
    private readonly cases: LoanCaseService,
  ) {}

  /** Records one event and checks it against the asset's active pledges. */
  async recordEvent(number: string, event: AssetLegalEvent, user: AuthenticatedUser) {
    const today = await this.calendar.current();
    const dates = await this.dates.on(today);
    return this.collateral.transaction(async (tx) => {
      const stored = await this.applyEvent(tx, number, event, user, 'API', today);
      const pledgesChecked = await this.watch.reassessAssets(tx, dates, [number]);
      return { number, ...stored, pledgesChecked };
    });
  }

  /** Applies every row in one transaction, or none: the refusals come back per line, with codes. */
  async importEvents(csv: string, user: AuthenticatedUser) {
    const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
    const header = splitCsvLine(lines.shift() ?? '');
    if (LEGAL_EVENT_COLUMNS.some((c, i) => header[i] !== c))
      throw new ProblemException(
        'CSV_HEADER',
        `The header must be: ${LEGAL_EVENT_COLUMNS.join(',')}`,
      );
    const today = await this.calendar.current();
    const errors: RowError[] = [];
    const rows: { line: number; number: string; event: AssetLegalEvent }[] = [];
    lines.forEach((text, index) => {
      const line = index + 2;
      const parsed = parseEventRow(splitCsvLine(text), today);
      if ('code' in parsed) errors.push({ line, ...parsed });
      else rows.push({ line, ...parsed });
    });
    const dates = await this.dates.on(today);
    try {
      return await this.collateral.transaction(async (tx) => {
        for (const row of rows) {
          try {
            await this.applyEvent(tx, row.number, row.event, user, 'CSV', today);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            errors.push({ line: row.line, code: error.code, problem: error.message });
          }
        }
        if (errors.length > 0) throw new ImportRefused(errors);
        const numbers = [...new Set(rows.map((r) => r.number))];
        const pledgesChecked = await this.watch.reassessAssets(tx, dates, numbers);
        return { rows: rows.length, assets: numbers.length, pledgesChecked };
      });
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      const sorted = error.errors.sort((a, b) => a.line - b.line);
      throw new ProblemException(
        'CSV_INVALID',
        `${sorted.length} row(s) are invalid; nothing was imported`,
        { extensions: { errors: sorted } },
      );
    }
  }

  private async applyEvent(
    tx: EntityManager,
    number: string,
    event: AssetLegalEvent,
    user: AuthenticatedUser,
    source: 'API' | 'CSV',
    today: string,
  ) {
    if (compareDates(event.occurredOn, today) > 0)
      throw new DomainError('INVALID_DATE', `occurredOn ${event.occurredOn} is after ${today}`, {
        occurredOn: event.occurredOn,
        businessDate: today,
      });
    const before = await this.collateral.legalState(tx, number);
    if (!before)
      throw new DomainError('ASSET_NOT_FOUND', `No asset ${number} in the register`, { number });
    const after = applyLegalEvent(before, event);
    const eventId = await this.collateral.storeLegalEvent(tx, {
      before,
      after,
      event,
      source,
      recordedBy: user.userId,
      recordedOn: today,
    });
    return {
      eventId,
      event: event.event,
      statusBefore: before.asset.legalStatus,
      statusAfter: after.asset.legalStatus,
    };
  }

  /** The loan's collateral as its viewers see it (the enterprise without the bank's figures). */
  async caseCollateral(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return collateralViewFor(await this.collateral.view(caseNumber), user.role);
  }

  /** The bank decides on impaired or short collateral: more security, or an early call. */
  async decide(
    caseNumber: string,
    body: { decision: CollateralDecision; reason: string },
    user: AuthenticatedUser,
  ) {
    await this.liveCase(caseNumber, user);
    const today = await this.calendar.current();
    await this.collateral.transaction(async (tx) => {
      if (!(await this.collateral.needsDecision(tx, caseNumber)))
        throw new DomainError(
          'COLLATERAL_NOT_IMPAIRED',
          `The collateral of ${caseNumber} is neither impaired nor short`,
          { caseNumber },
        );
      await this.collateral.recordDecision(tx, {
        caseNumber,
        decision: body.decision,
        reason: body.reason,
        decidedBy: user.userId,
        decidedOn: today,
      });
    });
    return this.collateral.view(caseNumber);
  }

  /**
   * The firm of the latest report revalues the pledged assets: the report joins the case's
   * valuation history and the coverage is recomputed (a shortfall raises the bank's task).
   */
  async revalue(
    caseNumber: string,
    body: {
      reportNumber: string;
      method: 'INCOME' | 'MARKET' | 'COST';
      baseDate: string;
      validUntil?: string;
      assets: { number: string; value: string }[];
    },
    user: AuthenticatedUser,
  ) {
    const row = await this.liveCase(caseNumber, user);
    const today = await this.calendar.current();
    const dates = await this.dates.on(today);
    await this.collateral.transaction(async (tx) => {
      const firm = await this.collateral.latestValuationFirm(tx, caseNumber);
      if (firm !== user.organisationId)
        throw new DomainError(
          'ORGANISATION_FORBIDDEN',
          `Only ${firm ?? 'the valuing firm'} revalues ${caseNumber}`,
          { firmOrgId: firm },
        );
      const pledged = await this.collateral.activelyPledged(tx, caseNumber);
      const valued = body.assets.map((a) => a.number).sort();
      if (JSON.stringify(pledged) !== JSON.stringify(valued))
        throw new DomainError(
          'VALUATION_ASSETS_MISMATCH',
          'The report must value every pledged asset exactly once',
          { pledged, valued },
        );
      for (const asset of body.assets)
        if (!Money.ofYuan(asset.value).isPositive())
          throw new DomainError('INVALID_AMOUNT', `Value of ${asset.number} must be positive`);
      const application = (row.detail as { application: LoanApplication }).application;
      const figures = valuationFigures(
        { assets: body.assets, baseDate: body.baseDate, validUntil: body.validUntil ?? null },
        application,
      );
      const report: ValuationReport = {
        reportNumber: body.reportNumber,
        firmOrgId: user.organisationId,
        evaluatorUserId: user.userId,
        method: body.method,
        baseDate: body.baseDate,
        assets: body.assets,
        submittedOn: today,
        ...figures,
      };
      if (!(await this.collateral.recordRevaluation(tx, caseNumber, report)))
        throw new DomainError(
          'DUPLICATE_REPORT',
          `Report ${body.reportNumber} is already on file`,
          { reportNumber: body.reportNumber },
        );
      // The watch may not have seen the loan yet (disbursed today): assess its assets first.
      await this.watch.reassessAssets(tx, dates, pledged);
      await this.watch.recomputeCases(tx, [caseNumber], today);
    });
    return this.collateral.view(caseNumber);
  }

  async covenants(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return this.collateral.covenants(caseNumber);
  }

  async addCovenant(
    caseNumber: string,
    body: { title: string; dueOn: string; reminderWorkingDays: number },
    user: AuthenticatedUser,
  ) {
    await this.liveCase(caseNumber, user);
    const today = await this.calendar.current();
    if (compareDates(body.dueOn, today) <= 0)
      throw new DomainError('INVALID_DATE', `dueOn ${body.dueOn} is not after ${today}`, {
        dueOn: body.dueOn,
        businessDate: today,
      });
    return this.collateral.addCovenant({
      caseNumber,
      ...body,
      createdBy: user.userId,
      createdOn: today,
    });
  }

  async resolveCovenant(
    caseNumber: string,
    id: string,
    body: { resolution: CovenantResolution; note: string },
    user: AuthenticatedUser,
  ) {
    await this.liveCase(caseNumber, user);
    const today = await this.calendar.current();
    return this.collateral.transaction(async (tx) => {
      const covenant = await this.collateral.covenant(caseNumber, id, tx);
      if (!covenant)
        throw new DomainError('COVENANT_NOT_FOUND', `No covenant ${id} on ${caseNumber}`, {
          id,
        });
      if (covenant.status !== 'OPEN')
        throw new DomainError('COVENANT_NOT_OPEN', `Covenant ${id} is already ${covenant.status}`, {
          status: covenant.status,
        });
      return this.collateral.resolveCovenant(tx, {
        caseNumber,
        id,
        resolution: body.resolution,
        note: body.note,
        resolvedBy: user.userId,
        resolvedOn: today,
      });
    });
  }

  /** The case as the caller sees it (else 404), refused unless its loan is live. */
  private async liveCase(caseNumber: string, user: AuthenticatedUser) {
    const row = await this.cases.visibleRow(caseNumber, user);
    if (!LIVE_LOAN.includes(row.status))
      throw new DomainError(
        'COLLATERAL_LOAN_NOT_LIVE',
        `Loan ${caseNumber} is ${row.status}, not live`,
        { status: row.status },
      );
    return row;
  }
}

/** One CSV row as an event, or the first reason it is not one (with its code). */
function parseEventRow(
  fields: string[],
  today: string,
): { number: string; event: AssetLegalEvent } | { code: ErrorCode; problem: string } {
  if (fields.length !== LEGAL_EVENT_COLUMNS.length)
    return {
      code: 'VALIDATION_FAILED',
      problem: `expected ${LEGAL_EVENT_COLUMNS.length} fields, got ${fields.length}`,
    };
  const [number, event, occurredOn, paidUntil, outcome, owners, expiryDate, note] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!number) return { code: 'VALIDATION_FAILED', problem: 'number is empty' };
  if (!(ASSET_LEGAL_EVENTS as readonly string[]).includes(event))
    return { code: 'UNKNOWN_ASSET_EVENT', problem: `unknown event ${event}` };
  for (const [name, value] of [
    ['occurredOn', occurredOn],
    ['paidUntil', paidUntil],
    ['expiryDate', expiryDate],
  ] as const) {
    if ((value || name === 'occurredOn') && !isBusinessDate(value))
      return { code: 'INVALID_DATE', problem: `${name} ${value} is not a date` };
  }
  if (compareDates(occurredOn, today) > 0)
    return { code: 'INVALID_DATE', problem: `occurredOn ${occurredOn} is after ${today}` };
  if (outcome && !(INVALIDATION_OUTCOMES as readonly string[]).includes(outcome))
    return { code: 'VALIDATION_FAILED', problem: `unknown invalidation outcome ${outcome}` };
  const ownerList = owners
    .split(';')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    number,
    event: {
      event: event as AssetLegalEventKind,
      occurredOn,
      paidUntil: paidUntil || null,
      outcome: (outcome || null) as InvalidationOutcome | null,
      owners: ownerList.length > 0 ? ownerList : null,
      expiryDate: expiryDate || null,
      note: note || null,
    },
  };
}
