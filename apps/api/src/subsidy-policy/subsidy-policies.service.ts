import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT, TemporalClientHolder } from '../../../../libs/common/src/temporal.module';
import { assertBusinessDate, compareDates } from '../../../../libs/domain/src/business-date';
import { isShareOfOne, tryParseDecimal } from '../../../../libs/domain/src/decimal';
import type { ErrorCode } from '../../../../libs/domain/src/errors';
import { Money } from '../../../../libs/domain/src/money';
import type { PoolRef } from '../../../../libs/domain/src/subsidy-claim';
import {
  budgetPlanYearOpen,
  checkPlannedAmount,
  checkPlanYear,
  parsePolicyTerms,
} from '../../../../libs/domain/src/subsidy-policy';
import { AuditLog } from '../../../../libs/audit/src/audit-log';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import {
  SubsidyBudgetRepository,
  type PlanRow,
  type PoolRow,
} from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyPolicyRepository } from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-policy.repository';
import {
  poolTargetKey,
  TopUpRepository,
  type TopUpRow,
} from '../../../../libs/persistence/src/repositories/top-up.repository';
import {
  checkTopUpAmount,
  checkTopUpApprover,
  checkTopUpPending,
} from '../../../../libs/domain/src/top-up';
import {
  BUDGET_TOP_UP_WORKFLOW,
  budgetToppedUpUpdate,
  budgetTopUpWorkflowId,
  type BudgetTopUpResult,
} from '../../../../workflows/subsidy-claim/subsidy-claim.shared';
import { topUpView } from '../common/top-up.view';
import type { budgetTopUpWorkflow } from '../../../../workflows/subsidy-claim/budget-top-up.workflow';
import type {
  BudgetPlanDto,
  ListPoliciesQuery,
  LprDto,
  PublishPolicyDto,
  TopUpDto,
} from './subsidy-policy.request.dto';

/** The pool a budget top-up row raises (its key is `district/kind/year`). */
function poolOfTopUp(row: TopUpRow): PoolRef {
  const [districtCode, kind, year] = row.targetKey.split('/');
  return {
    districtCode: districtCode!,
    kind: kind as PoolRef['kind'],
    budgetYear: Number(year),
  };
}

export function poolView(pool: PoolRow) {
  const money = (fen: bigint) => Money.ofFen(fen).toYuan();
  return {
    districtCode: pool.districtCode,
    kind: pool.kind,
    budgetYear: pool.budgetYear,
    status: pool.status,
    total: money(pool.totalFen),
    reserved: money(pool.reservedFen),
    paid: money(pool.paidFen),
    available: money(pool.totalFen - pool.reservedFen - pool.paidFen),
    waitlisted: pool.waitlistedCount,
    closedOn: pool.closedOn,
  };
}

export function planView(plan: PlanRow) {
  return {
    districtCode: plan.districtCode,
    kind: plan.kind,
    budgetYear: plan.budgetYear,
    planned: Money.ofFen(plan.plannedFen).toYuan(),
    setBy: plan.setBy,
    setOn: plan.setOn,
  };
}

/** Policies (versions published by district approvers), the LPR table, and budget pools. */
@Injectable()
export class SubsidyPoliciesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
    private readonly policies: SubsidyPolicyRepository,
    private readonly budget: SubsidyBudgetRepository,
    private readonly directory: DirectoryRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly topUps: TopUpRepository,
    private readonly audit: AuditLog,
  ) {}

  async listPolicies(query: ListPoliciesQuery) {
    return { items: await this.policies.list({ districtCode: query.district, kind: query.kind }) };
  }

  async getPolicy(id: string) {
    const policy = await this.policies.find(id);
    if (!policy) throw new ProblemException('POLICY_NOT_FOUND', `No policy ${id}`);
    return policy;
  }

  /**
   * Publishes the next version for the approver's own district. Versions take effect from today
   * or later: a claim already submitted keeps the version it was computed under, whatever comes.
   */
  async publish(dto: PublishPolicyDto, user: AuthenticatedUser) {
    const districtCode = await this.ownDistrict(user);
    const terms = parsePolicyTerms(dto.kind, dto.terms);
    assertBusinessDate(dto.effectiveFrom, 'effectiveFrom');
    if (dto.effectiveTo !== undefined) assertBusinessDate(dto.effectiveTo, 'effectiveTo');
    const today = await this.calendar.current();
    if (compareDates(dto.effectiveFrom, today) < 0) {
      throw new ProblemException(
        'POLICY_BACKDATED',
        `A new version takes effect on ${today} at the earliest`,
        { extensions: { field: 'effectiveFrom', businessDate: today } },
      );
    }
    if (dto.effectiveTo !== undefined && compareDates(dto.effectiveTo, dto.effectiveFrom) < 0) {
      throw new ProblemException('VALIDATION_FAILED', 'effectiveTo is before effectiveFrom', {
        extensions: {
          errors: [{ field: 'effectiveTo', problems: ['must not be before effectiveFrom'] }],
        },
      });
    }
    const published = await this.policies.publishAudited(
      {
        districtCode,
        kind: dto.kind,
        effectiveFrom: dto.effectiveFrom,
        effectiveTo: dto.effectiveTo ?? null,
        terms,
        example: false,
        publishedBy: user.userId,
      },
      user,
    );
    if (!published.ok) {
      throw new ProblemException(
        'POLICY_VERSION_CONFLICT',
        'Another version was published at the same time; publish again',
      );
    }
    return published.policy;
  }

  async lprTable() {
    return { items: await this.policies.lprTable() };
  }

  async putLpr(effectiveFrom: string, dto: LprDto, user: AuthenticatedUser) {
    assertBusinessDate(effectiveFrom, 'effectiveFrom');
    for (const [field, rate] of Object.entries(dto)) {
      const f = tryParseDecimal(rate as string);
      // An LPR is a rate above 0 and below 1 (a fraction, "0.0345" for 3.45 %).
      if (!f || !isShareOfOne(rate as string) || f.num === f.den) {
        throw new ProblemException(
          'INVALID_RATE',
          `${field} must be a fraction above 0 and below 1`,
          {
            extensions: {
              field,
              value: rate,
            },
          },
        );
      }
    }
    return this.policies.putLprAudited({ effectiveFrom, ...dto }, user);
  }

  async listBudgets(year: number | undefined, user: AuthenticatedUser) {
    const districtCode = user.role === 'ADMINISTRATOR' ? undefined : await this.ownDistrict(user);
    const pools = await this.budget.list({ districtCode, budgetYear: year });
    return { items: pools.map(poolView) };
  }

  async listPlans(year: number | undefined, user: AuthenticatedUser) {
    const districtCode = user.role === 'ADMINISTRATOR' ? undefined : await this.ownDistrict(user);
    const plans = await this.budget.plans({ districtCode, budgetYear: year });
    return { items: plans.map(planView) };
  }

  /**
   * Sets the planned budget of a pool of the approver's district for a future year; setting it
   * again changes it. Not money: the pool opens at it when the year close opens the year. The
   * repository refuses a year whose pool is open (in the same transaction as the write); the
   * audit entry keeps the plan before and after.
   */
  async setPlan(dto: BudgetPlanDto, user: AuthenticatedUser) {
    const districtCode = await this.ownDistrict(user);
    const amount = checkPlannedAmount(dto.amount);
    const today = await this.calendar.current();
    checkPlanYear(dto.budgetYear, today);
    const result = await this.budget.setPlan(
      {
        districtCode,
        kind: dto.kind,
        budgetYear: dto.budgetYear,
        plannedFen: amount.fen,
        setBy: user.userId,
        setOn: today,
      },
      async (row, before, tx) => {
        await this.audit.append(
          {
            actor: user,
            action: 'BUDGET_PLAN_SET',
            subjectType: 'BUDGET_PLAN',
            subjectId: `${row.districtCode}/${row.kind}/${row.budgetYear}`,
            payload: { before: before && planView(before), after: planView(row) },
          },
          tx,
        );
      },
    );
    if (!result.ok) {
      throw budgetPlanYearOpen(dto.budgetYear, `its pool is ${result.pool.status}`);
    }
    return { plan: planView(result.plan), before: result.before && planView(result.before) };
  }

  /**
   * A proposal to raise a pool of the proposer's district under the funding document's number
   * (文号). Nothing moves until another user approves it. The same 文号 again answers the row it
   * already has: `alreadyApplied` once approved; the pending proposal otherwise.
   */
  async proposeTopUp(dto: TopUpDto, user: AuthenticatedUser) {
    const districtCode = await this.ownDistrict(user);
    const amount = checkTopUpAmount(dto.amount);
    const pool: PoolRef = { districtCode, kind: dto.kind, budgetYear: dto.budgetYear };
    const existing = await this.budget.find(pool);
    if (existing?.status === 'CLOSED') {
      throw new ProblemException(
        'BUDGET_YEAR_CLOSED',
        `The ${pool.budgetYear} budget of ${districtCode} is closed`,
        { extensions: { details: { ...pool } } },
      );
    }
    const { created, row } = await this.topUps.propose({
      target: 'BUDGET_POOL',
      targetKey: poolTargetKey(pool),
      organisationId: user.organisationId,
      amountFen: amount.fen,
      reference: dto.reference,
      proposedBy: user.userId,
      proposedOn: await this.calendar.current(),
    });
    if (!created && row.amountFen !== amount.fen) {
      throw new ProblemException(
        'TOP_UP_REFERENCE_CONFLICT',
        `${dto.reference} is already a top-up of ${Money.ofFen(row.amountFen).toYuan()} for this pool`,
        { extensions: { topUp: topUpView(row) } },
      );
    }
    if (row.status === 'APPROVED') return { alreadyApplied: true, topUp: topUpView(row) };
    return { alreadyApplied: false, topUp: topUpView(row) };
  }

  /**
   * Approval by a district approver other than the proposer: the budget top-up workflow then
   * marks the proposal approved and raises the pool in one transaction, and lets the waitlisted
   * claims reserve, first submitted first. The checks here refuse before anything starts; the
   * use case and the table's CHECK hold them where the state changes.
   */
  async approveTopUp(id: string, user: AuthenticatedUser) {
    const row = await this.ownTopUp(id, user);
    if (row.status === 'APPROVED') return { alreadyApplied: true, topUp: topUpView(row) };
    checkTopUpPending(row.id, row.status);
    checkTopUpApprover(row.proposedBy, user.userId);
    const pool = poolOfTopUp(row);
    const workflowId = budgetTopUpWorkflowId(pool, row.reference, this.temporal.taskQueue);
    const start = new WithStartWorkflowOperation<typeof budgetTopUpWorkflow>(
      BUDGET_TOP_UP_WORKFLOW,
      {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [
          {
            pool,
            amount: Money.ofFen(row.amountFen).toYuan(),
            reference: row.reference,
            actor: user,
            businessDate: await this.calendar.current(),
          },
        ],
        workflowIdConflictPolicy: 'FAIL',
        // A failed top-up (a closed year, say) may be approved again under the same 文号.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      },
    );
    let result: BudgetTopUpResult;
    try {
      result = await this.client.workflow.executeUpdateWithStart(budgetToppedUpUpdate, {
        startWorkflowOperation: start,
      });
    } catch (error) {
      // The start operation's own handle fails with the same error; it is handled here.
      await start.workflowHandle().catch(() => undefined);
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        // Approved at the same moment by someone else: that run applied it, once.
        await this.client.workflow.getHandle(workflowId).result();
        const applied = await this.topUps.find(row.id);
        return { alreadyApplied: true, topUp: topUpView(applied!) };
      }
      throw refusalOf(error) ?? error;
    }
    const after = await this.budget.find(pool);
    const decided = await this.topUps.find(row.id);
    return {
      ...result,
      alreadyApplied: !result.toppedUp,
      topUp: topUpView(decided!),
      pool: poolView(after!),
    };
  }

  /** Rejection by a district approver other than the proposer; nothing is applied. */
  async rejectTopUp(id: string, user: AuthenticatedUser) {
    const row = await this.ownTopUp(id, user);
    checkTopUpPending(row.id, row.status);
    checkTopUpApprover(row.proposedBy, user.userId);
    if (!(await this.topUps.decide(row.id, 'REJECTED', user.userId, await this.calendar.current())))
      checkTopUpPending(row.id, (await this.topUps.find(row.id))!.status);
    return { topUp: topUpView((await this.topUps.find(row.id))!) };
  }

  /** A budget top-up of the caller's own district (another district's answers not found). */
  private async ownTopUp(id: string, user: AuthenticatedUser): Promise<TopUpRow> {
    const districtCode = await this.ownDistrict(user);
    const row = await this.topUps.find(id);
    if (!row || row.target !== 'BUDGET_POOL' || poolOfTopUp(row).districtCode !== districtCode)
      throw new ProblemException('TOP_UP_NOT_FOUND', `No top-up ${id} of district ${districtCode}`);
    return row;
  }

  private async ownDistrict(user: AuthenticatedUser): Promise<string> {
    const districtCode = await this.directory.districtOf(user.organisationId);
    if (!districtCode)
      throw new ProblemException(
        'ORGANISATION_FORBIDDEN',
        `${user.organisationId} is not a district`,
      );
    return districtCode;
  }
}

/** The domain refusal (e.g. BUDGET_YEAR_CLOSED) inside a failed workflow or Update, as a problem. */
function refusalOf(error: unknown): ProblemException | null {
  let cause: unknown =
    error instanceof WorkflowFailedError || error instanceof WorkflowUpdateFailedError
      ? error.cause
      : null;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type) return null;
  // A workflow's refusal carries a catalogued code; its status is the code's.
  return new ProblemException(cause.type as ErrorCode, cause.message, {
    extensions: { details: cause.details?.[0] ?? {} },
  });
}
