import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT, TemporalClientHolder } from '../../../../libs/common/src/temporal.module';
import {
  patentKindOf,
  validateIdentifier,
  validateUscc,
} from '../../../../libs/domain/src/identifiers';
import type { AssetKind } from '../../../../libs/domain/src/ip-assets';
import type {
  CaseSnapshot,
  LoanApplication,
  PledgedAssetInput,
  ProductTerms,
} from '../../../../libs/domain/src/loan-case/loan-case.types';
import { assertContractRate } from '../../../../libs/domain/src/loan-case/loan-case.rules';
import { addDays } from '../../../../libs/domain/src/business-date';
import { Money } from '../../../../libs/domain/src/money';
import { buildSchedule } from '../../../../libs/domain/src/schedule';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import {
  CaseReadModelRepository,
  type CaseListFilter,
  type CaseListSort,
} from '../../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { EnterpriseRepository } from '../../../../libs/persistence/src/repositories/enterprise.repository';
import {
  allowedActionsQuery,
  getCaseQuery,
  isStepResult,
  openedUpdate,
  openingSearchAttributes,
  LOAN_CASE_WORKFLOW,
  loanCaseWorkflowId,
  type CaseStepAnswer,
} from '../../../../workflows/loan-case/loan-case.shared';
import { INITIAL_CASE_STATUS } from '../../../../libs/domain/src/loan-case/loan-case.states';
import type { loanCaseWorkflow } from '../../../../workflows/loan-case/loan-case.workflow';
import {
  claimIdsOpenTo,
  isClaimStepEvent,
} from '../../../../libs/domain/src/loan-case/loan-case.allowed-actions';
import {
  disposalAllowedActionsQuery,
  disposalWorkflowId,
} from '../../../../workflows/disposal/disposal.shared';
import { TransitionRoutes } from '../allowed-actions/transition-routes';
import { disposalActionItems } from '../disposal/disposal.actions';
import { dispatchAction } from '../common/workflow-actions';
import { currentRequestKey } from '../audit/request-key';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { scopeOf, type CaseScope } from './case-access';
import {
  caseView,
  enterpriseCaseView,
  enterpriseHistoryEntry,
  enterpriseListRow,
  type CaseView,
  type EnterpriseCaseView,
} from './case-view';
import {
  LOAN_CASE_ACTION_MAP,
  LOAN_CASE_ACTIONS,
  type LoanCaseActionDtos,
  type LoanCaseActionName,
} from './loan-case.actions';
import type { CreateCaseDto, ListCasesQuery, ReassignOwnerDto } from './loan-case.request.dto';
import { CollateralRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral.repository';
import { collateralViewFor } from '../collateral/collateral-view';

/** A case is numbered by its bank and the bank's own reference: `BANK-SHCB-2026-0001`. */
export function caseNumberFor(bankOrgId: string, bankReference: string): string {
  return `${bankOrgId}-${bankReference}`.toUpperCase();
}

@Injectable()
export class LoanCaseService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
    private readonly readModel: CaseReadModelRepository,
    private readonly directory: DirectoryRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly routes: TransitionRoutes,
    private readonly collateral: CollateralRepository,
    private readonly idempotent: IdempotentRequests,
  ) {}

  /**
   * Opens a case. A retry with the request's Idempotency-Key answers the case the first attempt
   * opened (201, the case as it is now) and starts nothing; another body under that key is
   * refused (IDEMPOTENCY_KEY_REUSED).
   */
  open(dto: CreateCaseDto, user: AuthenticatedUser) {
    return this.idempotent.once(
      'open-case',
      dto,
      async (repeated) => {
        const opened = await this.start(dto, user, repeated);
        return { resourceId: opened.caseNumber, answer: opened };
      },
      (caseNumber) => this.openedCase(caseNumber),
    );
  }

  /** Validates the application fully before anything is stored or started, then starts the case. */
  private async start(dto: CreateCaseDto, user: AuthenticatedUser, repeated: boolean) {
    const product = await this.directory.findProduct(dto.productCode);
    if (!product || product.bankOrgId !== user.organisationId) {
      throw new ProblemException(
        'UNKNOWN_PRODUCT',
        `Product ${dto.productCode} is not offered by ${user.organisationId}`,
      );
    }
    const uscc = validateUscc(dto.enterprise.uscc);
    if (uscc.severity === 'ERROR') {
      throw new ProblemException(
        'INVALID_IDENTIFIER',
        `Enterprise USCC is invalid: ${uscc.reason}`,
        { extensions: { field: 'enterprise.uscc', reason: uscc.reason } },
      );
    }
    // The facts of the pledgor come from the enterprise register, never from the request: the
    // district routes subsidies, so a bank cannot steer them by what it types.
    const registered = await this.enterprises.find(uscc.normalized!);
    if (!registered) {
      throw new ProblemException(
        'ENTERPRISE_NOT_REGISTERED',
        `${uscc.normalized} is not in the enterprise register`,
        { extensions: { field: 'enterprise.uscc' } },
      );
    }
    // A firm whose registered district awaits a second person's confirmation is not a pledgor yet.
    if (registered.status === 'PENDING_CONFIRMATION') {
      throw new ProblemException(
        'ENTERPRISE_PENDING_CONFIRMATION',
        `${registered.uscc}'s registered district awaits confirmation by a second person`,
        { extensions: { field: 'enterprise.uscc' } },
      );
    }
    const amount = Money.ofYuan(dto.amount);
    if (!amount.isPositive())
      throw new ProblemException('INVALID_AMOUNT', 'amount must be positive', {
        extensions: {
          field: 'amount',
        },
      });
    assertContractRate(dto.annualRate);
    const businessDate = await this.calendar.current();
    // Builds a schedule as a dry run: rejects a bad rate, term or frequency with its own code.
    buildSchedule({
      principal: amount,
      annualRate: dto.annualRate,
      termMonths: dto.termMonths,
      method: dto.repaymentMethod,
      startDate: businessDate,
      paymentFrequencyMonths: dto.paymentFrequencyMonths ?? 1,
    });

    const assets: PledgedAssetInput[] = dto.assets.map((asset, index) => {
      const kindOfId = asset.type === 'PATENT' ? 'PATENT_APPLICATION' : asset.type;
      const check = validateIdentifier(kindOfId, asset.number);
      if (!check.valid || !check.normalized) {
        throw new ProblemException(
          'INVALID_IDENTIFIER',
          `Asset ${asset.number} is invalid: ${check.reason}`,
          { extensions: { field: `assets.${index}.number`, reason: check.reason } },
        );
      }
      const kind: AssetKind =
        asset.type === 'PATENT'
          ? (`${patentKindOf(check.normalized) ?? 'INVENTION'}_PATENT` as AssetKind)
          : asset.type;
      return {
        kind,
        number: check.normalized,
        coOwnerConsents: asset.coOwnerConsents ?? [],
        invalidationPendingConfirmed: asset.invalidationPendingConfirmed ?? false,
      };
    });
    if (new Set(assets.map((a) => a.number)).size !== assets.length) {
      throw new ProblemException('DUPLICATE_ASSET', 'The same asset is listed twice');
    }

    const caseNumber = caseNumberFor(user.organisationId, dto.bankReference);
    const application: LoanApplication = {
      caseNumber,
      bankOrgId: user.organisationId,
      bankReference: dto.bankReference,
      enterprise: {
        uscc: registered.uscc,
        name: registered.legalName,
        districtCode: registered.districtCode,
        sme: registered.smeClass !== 'NOT_SME',
        // The workflow's history keeps no identity number: the register has it.
        legalRepresentative: registered.legalRepresentative
          ? { name: registered.legalRepresentative.name }
          : null,
        usccCheckOverride: registered.usccCheckOverride,
      },
      amount: amount.toYuan(),
      termMonths: dto.termMonths,
      annualRate: dto.annualRate,
      repaymentMethod: dto.repaymentMethod,
      paymentFrequencyMonths: dto.paymentFrequencyMonths ?? 1,
      product: product.terms as unknown as ProductTerms,
      assets,
      preparer: user,
      applicationDate: businessDate,
    };
    // The workflow id derives from the case number: a second opening of the same case fails
    // (409 CASE_ALREADY_EXISTS), also once the first has closed. The memo names the request that
    // started it, so that a retry of that request whose first outcome was lost knows its own case.
    const requestKey = currentRequestKey();
    const start = new WithStartWorkflowOperation<typeof loanCaseWorkflow>(LOAN_CASE_WORKFLOW, {
      workflowId: loanCaseWorkflowId(caseNumber),
      ...(requestKey ? { memo: { openedBy: requestKey } } : {}),
      taskQueue: this.temporal.taskQueue,
      args: [{ application }],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // Set at the start, so that the workflow's history carries no upsert of them.
      typedSearchAttributes: openingSearchAttributes(application, INITIAL_CASE_STATUS),
    });
    // A refused start rejects the operation's handle too, with the error the call below
    // throws (and the problem filter answers): the handle is not needed, so its rejection is.
    start.workflowHandle().catch(() => undefined);
    // Answers once the OPEN step is projected, so the caller's next request finds the case.
    let answer: CaseStepAnswer;
    try {
      answer = await this.client.workflow.executeUpdateWithStart(openedUpdate, {
        startWorkflowOperation: start,
      });
    } catch (error) {
      if (
        repeated &&
        error instanceof WorkflowExecutionAlreadyStartedError &&
        (await this.openedBy(caseNumber)) === requestKey
      )
        return this.openedCase(caseNumber);
      throw error;
    }
    return caseView(await this.caseAfter(caseNumber, answer));
  }

  /** The request key that started the case's workflow (its memo), if it recorded one. */
  private async openedBy(caseNumber: string): Promise<unknown> {
    const description = await this.client.workflow
      .getHandle(loanCaseWorkflowId(caseNumber))
      .describe();
    return description.memo?.openedBy;
  }

  /** The answer to an opening retried: the case as it is now. */
  private async openedCase(caseNumber: string) {
    const row = await this.readModel.findDetail(caseNumber);
    return caseView(
      row
        ? (row.detail as unknown as CaseSnapshot)
        : await this.client.workflow.getHandle(loanCaseWorkflowId(caseNumber)).query(getCaseQuery),
    );
  }

  /** Sends one step of the case (an action of LOAN_CASE_ACTIONS) and answers the case. */
  async act<K extends LoanCaseActionName>(
    caseNumber: string,
    name: K,
    dto: LoanCaseActionDtos[K],
    user: AuthenticatedUser,
  ) {
    const { status, businessDate } = await this.readModel.visibleStatus(
      caseNumber,
      await this.scope(user),
    );
    if (status === null) throw caseNotFound(caseNumber);
    const action = LOAN_CASE_ACTION_MAP[name];
    const handle = this.client.workflow.getHandle(loanCaseWorkflowId(caseNumber));
    let answer: CaseStepAnswer;
    try {
      answer = await dispatchAction(handle, action, dto, { user, businessDate });
    } catch (error) {
      // A closed case's workflow has completed and takes no Update: the case exists, the step is
      // just not allowed in its final state.
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(
          'INVALID_TRANSITION',
          `${action.event} is not allowed while the case is ${status}`,
          { extensions: { details: { status, event: action.event } } },
        );
      }
      throw error;
    }
    return viewFor(user, await this.caseAfter(caseNumber, answer));
  }

  /**
   * The case as a step left it. A step answers the whole case only where its run was recorded
   * before the small answer, or it left a change unprojected; otherwise the read model, which
   * the step wrote before answering, holds it (or a later step's case, which is as current).
   * A row older than the answer cannot be; the workflow is asked if one is.
   */
  private async caseAfter(caseNumber: string, answer: CaseStepAnswer): Promise<CaseSnapshot> {
    if (!isStepResult(answer)) return answer;
    const row = await this.readModel.findDetail(caseNumber);
    if (row && row.version >= answer.version) return row.detail as unknown as CaseSnapshot;
    return this.client.workflow.getHandle(loanCaseWorkflowId(caseNumber)).query(getCaseQuery);
  }

  /**
   * Hands the case to another officer: the user named is looked up in the directory (enabled or
   * not) and sent with the step, whose validator and the database's write both check it.
   */
  async reassignOwner(caseNumber: string, dto: ReassignOwnerDto, user: AuthenticatedUser) {
    const candidate = await this.directory.findUserById(dto.ownerUserId);
    return this.act(caseNumber, 'reassign-owner', { ...dto, candidate }, user);
  }

  /** The case, with its collateral as the watch last left it. */
  async get(caseNumber: string, user: AuthenticatedUser) {
    const row = await this.visibleRow(caseNumber, user);
    return {
      ...viewFor(user, row.detail as unknown as CaseSnapshot),
      collateral: collateralViewFor(await this.collateral.view(caseNumber), user.role),
    };
  }

  async timeline(caseNumber: string, user: AuthenticatedUser) {
    await this.assertVisible(caseNumber, user);
    const entries = await this.readModel.timeline(caseNumber);
    return {
      caseNumber,
      entries: user.role === 'ENTERPRISE' ? entries.map(enterpriseHistoryEntry) : entries,
    };
  }

  /**
   * What the caller may do on the case now, each with the method and path to call: the case's
   * steps (a claim step once per claim open to the caller, its id in the path) and, while the
   * case's disposal runs, the disposal's steps.
   */
  async allowedActions(caseNumber: string, user: AuthenticatedUser) {
    const row = await this.visibleRow(caseNumber, user);
    const snapshot = row.detail as unknown as CaseSnapshot;
    const events = await this.client.workflow
      .getHandle(loanCaseWorkflowId(caseNumber))
      .query(allowedActionsQuery, user);
    const id = { id: caseNumber };
    const caseActions = Object.entries(LOAN_CASE_ACTIONS)
      .filter(([, spec]) => events.includes(spec.event))
      .flatMap(([name, spec]) => {
        const claims = isClaimStepEvent(spec.event)
          ? claimIdsOpenTo(snapshot, user, spec.event)
          : [null];
        return claims.flatMap((claimId) => {
          const params = claimId ? { ...id, claimId } : id;
          const item = this.routes.action('loan-case', spec.event, user.role, params);
          return item
            ? [
                {
                  process: 'loan-case' as const,
                  action: name,
                  ...(claimId ? { claimId } : {}),
                  ...item,
                },
              ]
            : [];
        });
      });
    const disposalActions =
      snapshot.disposal && !snapshot.disposal.outcome
        ? disposalActionItems(
            await this.client.workflow
              .getHandle(disposalWorkflowId(caseNumber))
              .query(disposalAllowedActionsQuery, {
                role: user.role,
                organisationId: user.organisationId,
              }),
            this.routes,
            user.role,
            caseNumber,
          )
        : [];
    return { caseNumber, status: row.status, actions: [...caseActions, ...disposalActions] };
  }

  async list(query: ListCasesQuery, user: AuthenticatedUser) {
    const scope = await this.scope(user);
    refuseFiltersOutside(scope, query);
    if (scope.kind === 'BANK' && query.product !== undefined) {
      const product = await this.directory.findProduct(query.product);
      if (product && product.bankOrgId !== scope.bankOrgId)
        throw new ProblemException(
          'FILTER_FORBIDDEN',
          `The filter product=${query.product} is another bank's product`,
          { extensions: { filter: 'product' } },
        );
    }
    const sortKey = query.sort ?? '-createdAt';
    const sort = sortKey.replace('-', '') as CaseListSort;
    const limit = query.limit ?? 20;
    const filter: CaseListFilter = {
      status: query.status
        ? query.status
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
      bankOrgId: query.bank,
      districtCode: query.district,
      enterprise: query.enterprise,
      ownerUserId: query.owner === 'me' ? user.userId : query.owner,
      productCode: query.product,
      createdFrom: query.from,
      createdTo: query.to,
      nextDueOnOrBefore:
        query.dueWithinDays === undefined
          ? undefined
          : addDays(await this.calendar.current(), query.dueWithinDays),
      minDaysPastDue: query.minDaysPastDue,
      q: query.q,
      sort,
      direction: sortKey.startsWith('-') ? 'DESC' : 'ASC',
      limit: limit + 1,
      after: query.cursor ? decodeCursor(query.cursor, sortKey) : undefined,
    };
    // The caller's scope narrows whatever filters they asked for, in the query itself.
    if (scope.kind === 'NONE') return { items: [], nextCursor: null, total: 0 };
    const { rows, total } = await this.readModel.list(filter, scope);
    const page = rows.slice(0, limit).map(({ sortValue, ...row }) => ({ row, sortValue }));
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > page.length && last
        ? encodeCursor(sortKey, last.sortValue, last.row.caseNumber)
        : null;
    return {
      items: page.map(({ row }) => (user.role === 'ENTERPRISE' ? enterpriseListRow(row) : row)),
      nextCursor,
      total,
    };
  }

  private async scope(user: AuthenticatedUser): Promise<CaseScope> {
    const districtCode =
      user.role === 'DISTRICT_REVIEWER' || user.role === 'DISTRICT_APPROVER'
        ? await this.directory.districtOf(user.organisationId)
        : null;
    return scopeOf(user, districtCode);
  }

  /** 404 for a case the caller may not see, so its existence is not disclosed. */
  async assertVisible(caseNumber: string, user: AuthenticatedUser): Promise<void> {
    const { status } = await this.readModel.visibleStatus(caseNumber, await this.scope(user));
    if (status === null) throw caseNotFound(caseNumber);
  }

  /** The case's row, 404 where the caller may not see it (see `assertVisible`). */
  async visibleRow(caseNumber: string, user: AuthenticatedUser) {
    const row = await this.readModel.findDetail(caseNumber, await this.scope(user));
    if (!row) throw caseNotFound(caseNumber);
    return row;
  }
}

/** A case the caller may not see is answered as one that does not exist. */
function caseNotFound(caseNumber: string): ProblemException {
  return new ProblemException('CASE_NOT_FOUND', `No case ${caseNumber}`);
}

/** The case as the caller may read it: the enterprise gets its redacted view. */
// Declared, so that the answer is either view: a conditional's type would be reduced to the
// enterprise's view alone (the officer's has every member of it), and so would the OpenAPI schema.
function viewFor(user: AuthenticatedUser, snapshot: CaseSnapshot): CaseView | EnterpriseCaseView {
  return user.role === 'ENTERPRISE' ? enterpriseCaseView(snapshot) : caseView(snapshot);
}

/** A cursor names its sort, so a page of one sort is never continued by another's. */
function encodeCursor(sort: string, value: string, caseNumber: string): string {
  return Buffer.from(JSON.stringify([sort, value, caseNumber])).toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { value: string; caseNumber: string } {
  const refused = new ProblemException(
    'INVALID_CURSOR',
    `The cursor is not one this API returned for sort=${sort}`,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) throw refused;
  const [, value, caseNumber] = parsed as unknown[];
  if (typeof value !== 'string' || typeof caseNumber !== 'string') throw refused;
  if (!CASE_NUMBER.test(caseNumber) || !CURSOR_VALUE[sort.replace('-', '') as CaseListSort](value))
    throw refused;
  return { value, caseNumber };
}

/** A case number as {@link caseNumberFor} makes it. */
const CASE_NUMBER = /^[A-Z0-9][A-Z0-9-]{2,99}$/;

const isDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && isInstant(`${value}T00:00:00.000000Z`);
// PostgreSQL keeps microseconds, JavaScript milliseconds: the last three digits are not checked.
const isInstant = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString().slice(0, 23) === value.slice(0, 23);

/**
 * Whether a cursor's sort value is one the sort can have, so a forged cursor is refused
 * (INVALID_CURSOR) rather than failing in SQL.
 */
const CURSOR_VALUE: Record<CaseListSort, (value: string) => boolean> = {
  nextDueDate: (value) => value === 'infinity' || isDate(value),
  daysPastDue: (value) => /^\d{1,9}$/.test(value),
  amount: (value) => /^\d{1,18}\.\d{2}$/.test(value),
  updatedAt: isInstant,
  createdAt: isInstant,
};

/**
 * A filter naming a bank, district or enterprise outside the caller's scope is refused (403
 * FILTER_FORBIDDEN), not silently narrowed to nothing: another bank's officer asking for
 * `bank=BANK-SHCB` learns it may not ask, not that the bank has no cases.
 */
function refuseFiltersOutside(scope: CaseScope, query: ListCasesQuery): void {
  const outside = (filter: string, value: string) =>
    new ProblemException(
      'FILTER_FORBIDDEN',
      `The filter ${filter}=${value} is outside your scope`,
      {
        extensions: { filter },
      },
    );
  if (scope.kind === 'BANK' && query.bank !== undefined && query.bank !== scope.bankOrgId)
    throw outside('bank', query.bank);
  if (
    scope.kind === 'DISTRICT' &&
    query.district !== undefined &&
    query.district !== scope.districtCode
  )
    throw outside('district', query.district);
  if (
    scope.kind === 'ENTERPRISE' &&
    query.enterprise !== undefined &&
    query.enterprise !== scope.uscc
  )
    throw outside('enterprise', query.enterprise);
}
