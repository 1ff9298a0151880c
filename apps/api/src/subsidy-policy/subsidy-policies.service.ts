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
import { parsePolicyTerms } from '../../../../libs/domain/src/subsidy-policy';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import {
  SubsidyBudgetRepository,
  type PoolRow,
} from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyPolicyRepository } from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-policy.repository';
import {
  BUDGET_TOP_UP_WORKFLOW,
  budgetToppedUpUpdate,
  budgetTopUpWorkflowId,
  type BudgetTopUpResult,
} from '../../../../workflows/subsidy-claim/subsidy-claim.shared';
import type { budgetTopUpWorkflow } from '../../../../workflows/subsidy-claim/budget-top-up.workflow';
import type {
  ListPoliciesQuery,
  LprDto,
  PublishPolicyDto,
  TopUpDto,
} from './subsidy-policy.request.dto';

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

  /**
   * Raises the approver's district pool and lets its waitlisted claims reserve, first submitted
   * first; the same reference twice raises once.
   */
  async topUp(dto: TopUpDto, user: AuthenticatedUser) {
    const districtCode = await this.ownDistrict(user);
    if (!Money.ofYuan(dto.amount).isPositive()) {
      throw new ProblemException('INVALID_AMOUNT', 'amount must be above zero', {
        extensions: {
          field: 'amount',
        },
      });
    }
    const pool: PoolRef = { districtCode, kind: dto.kind, budgetYear: dto.budgetYear };
    const workflowId = budgetTopUpWorkflowId(pool, dto.reference, this.temporal.taskQueue);
    const start = new WithStartWorkflowOperation<typeof budgetTopUpWorkflow>(
      BUDGET_TOP_UP_WORKFLOW,
      {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [
          {
            pool,
            amount: Money.ofYuan(dto.amount).toYuan(),
            reference: dto.reference,
            actor: user,
            businessDate: await this.calendar.current(),
          },
        ],
        workflowIdConflictPolicy: 'FAIL',
        // A failed top-up (a closed year, say) may be retried under the same reference.
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
      // The same reference again: the first top-up's answer, nothing raised twice.
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        result = await this.client.workflow.getHandle(workflowId).result();
      } else {
        throw refusalOf(error) ?? error;
      }
    }
    const after = await this.budget.find(pool);
    return { ...result, pool: poolView(after!) };
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
