import { createHash, randomUUID } from 'node:crypto';
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
import { isShanghaiDistrict } from '../../../../libs/domain/src/districts';
import type { Role } from '../../../../libs/domain/src/roles';
import {
  SUBSIDY_CLAIM_REJECTABLE_STATUSES,
  isSubsidyClaimStatus,
  isTerminalSubsidyClaimStatus,
  stepEventsFrom,
  subsidyClaimAllowedActions,
  subsidyClaimStateOf,
  type SubsidyClaimAction,
  type SubsidyClaimRequest,
  type SubsidyClaimRow,
} from '../../../../libs/domain/src/subsidy-claim';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { CaseReadModelRepository } from '../../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import {
  SubsidyClaimRepository,
  type SubsidyClaimListFilter,
} from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import {
  allowedActionsQuery,
  claimSubmittedUpdate,
  SUBSIDY_CLAIM_WORKFLOW,
  subsidyClaimWorkflowId,
  type SubsidyClaimInput,
} from '../../../../workflows/subsidy-claim/subsidy-claim.shared';
import type { subsidyClaimWorkflow } from '../../../../workflows/subsidy-claim/subsidy-claim.workflow';
import { TransitionRoutes } from '../allowed-actions/transition-routes';
import { SubmitSubsidyClaimUseCase } from '../../../../activities/district/use-cases/submit-subsidy-claim.use-case';
import { currentRequestKey } from '../audit/request-key';
import { dispatchAction } from '../common/workflow-actions';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import type { SubsidyClaimApiAction } from './subsidy-claim.actions';
import type {
  InsuranceSubsidyClaimDto,
  InterestSubsidyClaimDto,
  ListSubsidyClaimsQuery,
} from './subsidy-claim.request.dto';

/** The claim as the API shows it: the stored row with its frozen computation. */
function claimView(row: SubsidyClaimRow): Omit<SubsidyClaimRow, 'amountFen'> {
  // Fen is the budget's internal unit; the API speaks yuan.
  const view: Omit<SubsidyClaimRow, 'amountFen'> & { amountFen?: string } = { ...row };
  delete view.amountFen;
  return view;
}

/**
 * Claims over HTTP: submission starts the claim's workflow with Update-with-Start, so the answer
 * carries the stored claim or the refusal (nothing stored); later steps are Updates whose
 * validators refuse a wrong state, role or district before anything enters the history.
 */
@Injectable()
export class SubsidyClaimService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
    private readonly claims: SubsidyClaimRepository,
    private readonly cases: CaseReadModelRepository,
    private readonly directory: DirectoryRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly routes: TransitionRoutes,
    private readonly submission: SubmitSubsidyClaimUseCase,
    private readonly idempotent: IdempotentRequests,
  ) {}

  submitInterest(dto: InterestSubsidyClaimDto, user: AuthenticatedUser) {
    if (dto.toInstalment < dto.fromInstalment) {
      throw new ProblemException(
        'VALIDATION_FAILED',
        'toInstalment must not be before fromInstalment',
        {
          extensions: {
            errors: [{ field: 'toInstalment', problems: ['must be ≥ fromInstalment'] }],
          },
        },
      );
    }
    return this.submitOnce(
      'subsidy-claim/interest',
      dto,
      (districtCode) => ({
        kind: 'INTEREST',
        caseNumber: dto.caseNumber,
        districtCode,
        fromInstalment: dto.fromInstalment,
        toInstalment: dto.toInstalment,
        proofs: dto.proofs,
      }),
      dto.caseNumber,
      dto.districtCode,
      user,
    );
  }

  async submitInsurance(dto: InsuranceSubsidyClaimDto, user: AuthenticatedUser) {
    if ((await this.directory.organisationKind(dto.insurerOrgId)) !== 'INSURER') {
      throw new ProblemException('UNKNOWN_INSURER', `${dto.insurerOrgId} is not an insurer`, {
        messageZh: '保险公司不存在',
        extensions: {
          field: 'insurerOrgId',
        },
      });
    }
    return this.submitOnce(
      'subsidy-claim/insurance',
      dto,
      (districtCode) => ({
        kind: 'INSURANCE_PREMIUM',
        caseNumber: dto.caseNumber,
        districtCode,
        insurerOrgId: dto.insurerOrgId,
        insurancePolicyNumber: dto.insurancePolicyNumber,
        premium: dto.premium,
        premiumPaidOn: dto.premiumPaidOn,
        proofs: dto.proofs,
      }),
      dto.caseNumber,
      dto.districtCode,
      user,
    );
  }

  /**
   * A submission keyed by the request's Idempotency-Key: a retry answers the claim the first
   * attempt stored and starts nothing; another body under that key is refused.
   */
  private submitOnce(
    operation: string,
    dto: InterestSubsidyClaimDto | InsuranceSubsidyClaimDto,
    request: (districtCode: string) => SubsidyClaimRequest,
    caseNumber: string,
    districtCode: string | undefined,
    user: AuthenticatedUser,
  ) {
    return this.idempotent.once(
      operation,
      dto,
      async (repeated) => {
        const claim = await this.submit(request, caseNumber, districtCode, user, repeated);
        return { resourceId: claim.id, answer: claim };
      },
      (claimId) => this.detail(claimId, user),
    );
  }

  private async submit(
    request: (districtCode: string) => SubsidyClaimRequest,
    caseNumber: string,
    districtCode: string | undefined,
    user: AuthenticatedUser,
    repeated: boolean,
  ) {
    const caseRow = await this.cases.findDetail(caseNumber);
    const mine =
      caseRow &&
      ((user.role === 'LOAN_OFFICER' && caseRow.bankOrgId === user.organisationId) ||
        (user.role === 'ENTERPRISE' && user.organisationId === `ENT-${caseRow.enterpriseUscc}`));
    if (!caseRow || !mine) throw new ProblemException('CASE_NOT_FOUND', `No case ${caseNumber}`);
    const district = districtCode ?? caseRow.districtCode;
    if (!isShanghaiDistrict(district)) {
      throw new ProblemException('UNKNOWN_DISTRICT', `${district} is not a Shanghai district`, {
        extensions: {
          field: 'districtCode',
        },
      });
    }
    const businessDate = await this.calendar.current();
    // Named by the request's key: a retry of a submission whose first outcome was lost finds the
    // claim (and its workflow) the first attempt started.
    const requestKey = currentRequestKey();
    const claimId = claimIdFor(businessDate, requestKey ?? randomUUID());
    if (repeated && (await this.claims.find(claimId))) return this.detail(claimId, user);
    const input: SubsidyClaimInput = {
      claimId,
      request: request(district),
      submittedBy: user,
      businessDate,
    };
    // A claim the submission would refuse is refused here, before any workflow starts.
    await this.submission.preflight(input);
    const start = new WithStartWorkflowOperation<typeof subsidyClaimWorkflow>(
      SUBSIDY_CLAIM_WORKFLOW,
      {
        workflowId: subsidyClaimWorkflowId(claimId),
        taskQueue: this.temporal.taskQueue,
        args: [input],
        // A retry joins the run its first attempt started, and its Update (same id) answers
        // that attempt's outcome; a closed run is never started again under the claim's id.
        workflowIdConflictPolicy: repeated ? 'USE_EXISTING' : 'FAIL',
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      },
    );
    // Delivered with the start, so the answer cannot miss a refusal that ends the workflow.
    try {
      await this.client.workflow.executeUpdateWithStart(claimSubmittedUpdate, {
        startWorkflowOperation: start,
        ...(requestKey ? { updateId: `${claimSubmittedUpdate.name}:${requestKey}` } : {}),
      });
    } catch (error) {
      // When the start itself fails, the operation's own handle fails with the same error; it is
      // handled here rather than left to reject unobserved.
      await start.workflowHandle().catch(() => undefined);
      // The first attempt's run has closed since: the claim it stored is the answer.
      if (
        repeated &&
        error instanceof WorkflowExecutionAlreadyStartedError &&
        (await this.claims.find(claimId))
      )
        return this.detail(claimId, user);
      throw error;
    }
    return this.detail(claimId, user);
  }

  /**
   * Sends a step's Update to the claim's workflow; its validator refuses a wrong state, role or
   * district. A retry with the request's Idempotency-Key answers the claim once the first attempt
   * took the step, also after the step closed the claim's workflow.
   */
  act<Dto, Input, Result>(
    claimId: string,
    action: SubsidyClaimApiAction<Dto, Input, Result>,
    dto: Dto,
    user: AuthenticatedUser,
  ) {
    return this.idempotent.once(
      `subsidy-claim/${claimId}/${action.name}`,
      dto,
      async () => ({ resourceId: claimId, answer: await this.step(claimId, action, dto, user) }),
      () => this.detail(claimId, user),
    );
  }

  private async step<Dto, Input, Result>(
    claimId: string,
    action: SubsidyClaimApiAction<Dto, Input, Result>,
    dto: Dto,
    user: AuthenticatedUser,
  ) {
    const row = await this.visibleClaim(claimId, user);
    const businessDate = await this.calendar.current();
    const actorDistrictCode = await this.districtOf(user);
    try {
      await dispatchAction(this.client.workflow.getHandle(row.workflowId), action, dto, {
        user,
        businessDate,
        actorDistrictCode,
      });
    } catch (error) {
      // A rejected or clawed-back claim's workflow has completed and takes no Update.
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(
          'INVALID_CLAIM_TRANSITION',
          `${action.name} is not allowed while the claim is ${row.status}`,
          { extensions: { details: { status: row.status, action: action.name } } },
        );
      }
      throw error;
    }
    return this.detail(claimId, user);
  }

  /**
   * The steps the caller could take on the claim now, as its workflow answers from the claim's
   * transition table; none once the claim is rejected or clawed back.
   */
  async allowedActions(claimId: string, user: AuthenticatedUser) {
    const row = await this.visibleClaim(claimId, user);
    const steps: SubsidyClaimAction[] = isTerminalSubsidyClaimStatus(row.status)
      ? []
      : await this.client.workflow.getHandle(row.workflowId).query(allowedActionsQuery, {
          actor: user,
          actorDistrictCode: await this.districtOf(user),
        });
    // Each step with the route of the row it fires from the claim's status.
    const actions = steps.flatMap((action) => {
      const [event] = stepEventsFrom(action, row.status);
      const item = event && this.routes.action('subsidy-claim', event, user.role, { id: claimId });
      return item ? [{ process: 'subsidy-claim' as const, action, ...item }] : [];
    });
    return { claimId, status: row.status, actions };
  }

  async detail(claimId: string, user: AuthenticatedUser) {
    const row = await this.visibleClaim(claimId, user);
    return { ...claimView(row), timeline: await this.claims.timeline(claimId) };
  }

  async list(query: ListSubsidyClaimsQuery, user: AuthenticatedUser) {
    const statuses = query.status
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = statuses?.filter((s) => !isSubsidyClaimStatus(s));
    if (unknown?.length) {
      throw new ProblemException('VALIDATION_FAILED', `Unknown claim status ${unknown.join(', ')}`);
    }
    const scope = await this.scope(user);
    if (!scope) return { items: [] };
    const rows = await this.claims.list({
      ...scope,
      caseNumber: query.caseNumber,
      statuses: statuses?.filter(isSubsidyClaimStatus),
      limit: query.limit ?? 100,
    });
    return { items: rows.map((r) => claimView(r)) };
  }

  /** Claims waiting for this user's next step, oldest submission first. */
  async workQueue(user: AuthenticatedUser) {
    const scope = await this.scope(user);
    if (!scope) return { items: [] };
    const open = await this.claims.list({
      ...scope,
      statuses: SUBSIDY_CLAIM_REJECTABLE_STATUSES,
      limit: 1000,
    });
    const items = open.flatMap((claim) => {
      const action = nextActionOf(claim, user, scope.districtCode ?? null);
      return action ? [{ action, ...claimView(claim) }] : [];
    });
    return { items };
  }

  private async districtOf(user: AuthenticatedUser): Promise<string | null> {
    return user.role === 'DISTRICT_REVIEWER' || user.role === 'DISTRICT_APPROVER'
      ? this.directory.districtOf(user.organisationId)
      : null;
  }

  /** What each organisation sees: its district's, its bank's, its own or its insured claims. */
  private async scope(
    user: AuthenticatedUser,
  ): Promise<Omit<SubsidyClaimListFilter, 'limit' | 'statuses' | 'caseNumber'> | null> {
    switch (user.role) {
      case 'DISTRICT_REVIEWER':
      case 'DISTRICT_APPROVER': {
        const districtCode = await this.districtOf(user);
        return districtCode ? { districtCode } : null;
      }
      case 'LOAN_OFFICER':
      case 'CREDIT_APPROVER':
        return { bankOrgId: user.organisationId };
      case 'ENTERPRISE':
        return { enterpriseUscc: user.organisationId.replace(/^ENT-/, '') };
      case 'INSURER':
        return { insurerOrgId: user.organisationId };
      case 'ADMINISTRATOR':
        return {};
      default:
        return null;
    }
  }

  /** 404 for a claim the caller may not see, so its existence is not disclosed. */
  private async visibleClaim(claimId: string, user: AuthenticatedUser): Promise<SubsidyClaimRow> {
    const row = await this.claims.find(claimId);
    const scope = row ? await this.scope(user) : null;
    const visible =
      row &&
      scope &&
      (scope.districtCode === undefined || scope.districtCode === row.districtCode) &&
      (scope.bankOrgId === undefined || scope.bankOrgId === row.bankOrgId) &&
      (scope.enterpriseUscc === undefined || scope.enterpriseUscc === row.enterpriseUscc) &&
      (scope.insurerOrgId === undefined || scope.insurerOrgId === row.insurerOrgId);
    if (!row || !visible) throw new ProblemException('CLAIM_NOT_FOUND', `No claim ${claimId}`);
    return row;
  }
}

/**
 * A claim's id: the business year and 12 hex digits of the submitting request's key, so the
 * same request always names the same claim and two requests never meet.
 */
function claimIdFor(businessDate: string, requestKey: string): string {
  const digits = createHash('sha256').update(requestKey).digest('hex').slice(0, 12).toUpperCase();
  return `SC-${businessDate.slice(0, 4)}-${digits}`;
}

/** The steps each role works through from its queue; rejections and clawbacks are not queued. */
const QUEUED_STEPS: Partial<Record<Role, readonly SubsidyClaimAction[]>> = {
  INSURER: ['insurer-confirmation'],
  DISTRICT_REVIEWER: ['review'],
  DISTRICT_APPROVER: ['approve', 'pay'],
};

/**
 * The step this user would take next on the claim, or null when it is someone else's turn: the
 * first queued step of the user's role among those the claim's transition table allows now.
 */
function nextActionOf(
  claim: SubsidyClaimRow,
  user: AuthenticatedUser,
  districtCode: string | null,
): SubsidyClaimAction | null {
  const queued = QUEUED_STEPS[user.role] ?? [];
  const allowed = subsidyClaimAllowedActions(subsidyClaimStateOf(claim), user, districtCode);
  return allowed.find((action) => queued.includes(action)) ?? null;
}
