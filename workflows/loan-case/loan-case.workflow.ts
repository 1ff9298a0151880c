import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import {
  addMonthsClamped,
  assertBusinessDate,
  compareDates,
  maxDate,
} from '../../libs/domain/src/business-date';
import {
  checkTransition,
  isTerminal,
  CASE_EVENTS,
  type CaseEvent,
  type CaseStatus,
  type Performer,
} from '../../libs/domain/src/case-state-machine';
import { isShareOfOne, parseDecimal } from '../../libs/domain/src/decimal';
import type { ErrorCode } from '../../libs/domain/src/errors';
import { REGISTRATION_REFUSAL_REASONS } from '../../libs/domain/src/ip-assets';
import { earlySettlement, positionOf, type ScheduleRow } from '../../libs/domain/src/loan-account';
import { Money } from '../../libs/domain/src/money';
import type { Actor } from '../../libs/domain/src/roles';
import { buildSchedule } from '../../libs/domain/src/schedule';
import type { BankActivities } from '../../activities/bank/bank.activities';
import type { CaseLedgerActivities } from '../../activities/case-ledger/case-ledger.activities';
import type { NotificationActivities } from '../../activities/notification/notification.activities';
import type { RegistrationOfficeActivities } from '../../activities/registration-office/registration-office.activities';
import type { ValuationActivities } from '../../activities/valuation/valuation.activities';
import { ACTIVITY_OPTIONS, asFailure, refuse } from '../shared/step-kit';
import { installDefaultTrack, type DefaultTrack } from './loan-default';
import {
  acceptRegistrationUpdate,
  allowedActionsQuery,
  approveCreditUpdate,
  applyBusinessDateUpdate,
  CASE_SEARCH_ATTRIBUTES,
  disburseUpdate,
  getCaseQuery,
  openedUpdate,
  recordRepaymentUpdate,
  refuseRegistrationUpdate,
  registerReleaseUpdate,
  rejectUpdate,
  requestReleaseUpdate,
  requestValuationUpdate,
  signContractUpdate,
  submitRegistrationUpdate,
  submitUpdate,
  submitValuationUpdate,
  verifyIpUpdate,
  withdrawUpdate,
  loanCaseWorkflowId,
  type CaseSnapshot,
  type LoanCaseInput,
  type StepInput,
  type TimelineEntry,
} from './loan-case.shared';

/**
 * A run continues as new once its history passes this many events, so a 36-month loan never
 * keeps its whole past in one history. Each run stays below HISTORY_LIMIT plus one step
 * (a step is under 40 events).
 */
export const HISTORY_LIMIT = 400;

/**
 * Delinquency buckets and the automatic default came with the default track: histories
 * recorded before it (test/fixtures/histories) replay without their commands.
 */
export const DEFAULT_TRACK_PATCH = 'default-track';

/** After a default the arrears keep ageing through the buckets until the case settles. */
const AGEING_AFTER_DEFAULT: readonly CaseStatus[] = ['DEFAULTED', 'COMPENSATION', 'DISPOSAL'];

const ledger = proxyActivities<CaseLedgerActivities>(ACTIVITY_OPTIONS);
const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);
const valuation = proxyActivities<ValuationActivities>(ACTIVITY_OPTIONS);
const bank = proxyActivities<BankActivities>(ACTIVITY_OPTIONS);
const notifications = proxyActivities<NotificationActivities>(ACTIVITY_OPTIONS);

type CaseUpdate<I> = ReturnType<typeof defineUpdate<CaseSnapshot, [I]>>;

/** One loan case from application to closure (DESIGN §3). */
export async function loanCaseWorkflow(input: LoanCaseInput): Promise<CaseSnapshot> {
  const { application } = input;
  const state: CaseSnapshot = input.carried ?? {
    caseNumber: application.caseNumber,
    workflowId: loanCaseWorkflowId(application.caseNumber),
    status: 'DRAFT',
    version: 0,
    businessDate: application.applicationDate,
    application,
    ipCheck: null,
    valuationRequest: null,
    valuations: [],
    approval: null,
    contract: null,
    filings: [],
    disbursement: null,
    schedule: [],
    repayments: [],
    position: null,
    release: null,
    closure: null,
    run: 0,
  };
  state.run += 1;
  // True once the OPEN step is projected (a continued run was opened long ago).
  let opened = input.carried !== undefined;

  // Steps run one at a time: an Update's handler awaits activities, and a second Update must not
  // interleave with it. The validator is re-run inside the lock against the then-current state.
  let lock: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  }

  function advanceDate(date: string): void {
    state.businessDate = maxDate(state.businessDate, date);
  }

  async function transition(
    event: CaseEvent | 'OPEN',
    to: CaseStatus,
    actor: Actor | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    const entry: TimelineEntry = {
      seq: state.version + 1,
      event,
      fromStatus: event === 'OPEN' ? null : state.status,
      toStatus: to,
      actor,
      businessDate: state.businessDate,
      occurredAt: new Date().toISOString(),
      payload,
    };
    state.version = entry.seq;
    state.status = to;
    if (state.disbursement)
      state.position = positionOf(state.schedule, state.repayments, state.businessDate);
    upsertSearchAttributes([{ key: CASE_SEARCH_ATTRIBUTES.status, value: to }]);
    await ledger.recordCaseTransition({ snapshot: state, entry });
    await notifications.enqueueNotification({
      key: `${state.caseNumber}:${entry.seq}`,
      caseNumber: state.caseNumber,
      template: `case.${event.toLowerCase()}`,
      recipientOrgIds: recipientsOf(state),
      payload: { status: to, event, businessDate: state.businessDate },
    });
  }

  // --- guards shared by validators and handlers ----------------------------------------------

  function guard(event: CaseEvent, input: StepInput): void {
    assertBusinessDate(input.businessDate, 'businessDate');
    const check = checkTransition(state.status, event, input.actor.role);
    if (!check.allowed) throw refuse(check.code, check.message, { status: state.status, event });
    const org = organisationAllowed(state, input.actor);
    if (!org)
      throw refuse(
        'ORGANISATION_FORBIDDEN',
        `${input.actor.organisationId} may not act on case ${state.caseNumber}`,
      );
  }

  /** Registers an Update whose validator and handler share one `validate`. */
  function step<I extends StepInput>(
    definition: CaseUpdate<I>,
    event: CaseEvent,
    validate: (input: I) => void,
    perform: (input: I) => Promise<void>,
  ): void {
    const check = (input: I) => {
      try {
        guard(event, input);
        validate(input);
      } catch (error) {
        throw asFailure(error);
      }
    };
    setHandler(
      definition,
      (input: I) =>
        serially(async () => {
          check(input);
          advanceDate(input.businessDate);
          try {
            await perform(input);
          } catch (error) {
            throw asFailure(error);
          }
          return state;
        }),
      { validator: check },
    );
  }

  const noPayloadCheck = () => undefined;

  step(submitUpdate, 'SUBMIT', noPayloadCheck, async (input) => {
    await transition('SUBMIT', 'SUBMITTED', input.actor);
  });

  step(verifyIpUpdate, 'VERIFY_IP', noPayloadCheck, async (input) => {
    const debtEndDate = addMonthsClamped(state.businessDate, application.termMonths);
    const assets = await registry.checkAssetsForPledge({
      caseNumber: state.caseNumber,
      pledgorUscc: application.enterprise.uscc,
      assets: application.assets,
      debtEndDate,
      asOf: state.businessDate,
    });
    state.ipCheck = {
      checkedOn: state.businessDate,
      passed: assets.every((a) => a.passed),
      assets,
    };
    if (!state.ipCheck.passed) {
      // The evidence is kept on the case (projected) even though the step is refused.
      await ledger.recordCaseTransition({ snapshot: state, entry: null });
      const first = assets.flatMap((a) => a.findings.map((f) => ({ ...f, number: a.number })))[0];
      throw refuse(
        (first?.ground as ErrorCode | undefined) ?? 'IP_CHECK_FAILED',
        `Pre-filing check failed for ${first?.number}: ${first?.message}`,
        {
          findings: assets.flatMap((a) =>
            a.findings.map((f) => ({ number: a.number, ground: f.ground, evidence: f.evidence })),
          ),
        },
      );
    }
    await transition('VERIFY_IP', 'VERIFIED', input.actor, { assets: assets.length });
  });

  step(
    requestValuationUpdate,
    'REQUEST_VALUATION',
    (input) => {
      if (!input.firmOrgId) throw refuse('VALIDATION_FAILED', 'firmOrgId is required');
    },
    async (input) => {
      state.valuationRequest = {
        firmOrgId: input.firmOrgId,
        requestedOn: state.businessDate,
        requestedBy: input.actor.userId,
      };
      await transition('REQUEST_VALUATION', 'VALUATION', input.actor, {
        firmOrgId: input.firmOrgId,
      });
    },
  );

  step(
    submitValuationUpdate,
    'SUBMIT_VALUATION',
    (input) => {
      assertBusinessDate(input.baseDate, 'baseDate');
      if (compareDates(input.baseDate, input.businessDate) > 0)
        throw refuse('VALIDATION_FAILED', 'baseDate is in the future', { field: 'baseDate' });
      if (input.validUntil !== null) assertBusinessDate(input.validUntil, 'validUntil');
      const pledged = application.assets.map((a) => a.number).sort();
      const valued = input.assets.map((a) => a.number).sort();
      if (pledged.join('|') !== valued.join('|')) {
        throw refuse(
          'VALUATION_ASSETS_MISMATCH',
          'The report must value every pledged asset exactly once',
          { pledged, valued },
        );
      }
      for (const asset of input.assets) {
        if (!Money.ofYuan(asset.value).isPositive())
          throw refuse('INVALID_AMOUNT', `Value of ${asset.number} must be positive`);
      }
      if (state.valuations.some((v) => v.reportNumber === input.reportNumber)) {
        throw refuse('DUPLICATE_REPORT', `Report ${input.reportNumber} is already on the case`);
      }
    },
    async (input) => {
      let total = Money.zero();
      let maxLoan = Money.zero();
      for (const asset of input.assets) {
        const kind = application.assets.find((a) => a.number === asset.number)!.kind;
        const value = Money.ofYuan(asset.value);
        total = total.plus(value);
        maxLoan = maxLoan.plus(value.times(parseDecimal(application.product.ltvByAssetKind[kind])));
      }
      const report = {
        reportNumber: input.reportNumber,
        firmOrgId: input.actor.organisationId,
        evaluatorUserId: input.actor.userId,
        method: input.method,
        baseDate: input.baseDate,
        validUntil:
          input.validUntil ??
          addMonthsClamped(input.baseDate, application.product.valuationValidityMonths),
        assets: input.assets,
        totalValue: total.toYuan(),
        maxLoan: maxLoan.toYuan(),
        submittedOn: state.businessDate,
      };
      await valuation.recordValuationReport({ caseNumber: state.caseNumber, report });
      state.valuations.push(report);
      await transition('SUBMIT_VALUATION', 'VALUED', input.actor, {
        reportNumber: report.reportNumber,
        totalValue: report.totalValue,
        maxLoan: report.maxLoan,
      });
    },
  );

  step(
    approveCreditUpdate,
    'APPROVE_CREDIT',
    (input) => {
      if (input.actor.userId === application.preparer.userId) {
        throw refuse(
          'FOUR_EYES_VIOLATION',
          'The credit approver must not be the officer who prepared the case',
          { preparer: application.preparer.userId },
        );
      }
      const shares = input.riskSharing;
      const parts = [shares.bankBp, shares.insurerBp, shares.fundBp, shares.guarantorBp];
      if (
        parts.some((p) => !Number.isInteger(p) || p < 0) ||
        parts.reduce((a, b) => a + b, 0) !== 10000
      ) {
        throw refuse(
          'INVALID_RISK_SHARING',
          'Risk shares are whole basis points that add up to 10000',
          { riskSharing: shares },
        );
      }
      if (input.ipSecuredShare !== undefined && !isShareOfOne(input.ipSecuredShare)) {
        throw refuse(
          'INVALID_IP_SECURED_SHARE',
          'The IP-secured share is a fraction above 0 and at most 1',
          { ipSecuredShare: input.ipSecuredShare },
        );
      }
      const latest = state.valuations[state.valuations.length - 1];
      if (!latest) throw refuse('VALUATION_MISSING', 'No valuation report on the case');
      if (compareDates(latest.validUntil, input.businessDate) < 0) {
        throw refuse(
          'VALUATION_EXPIRED',
          `Valuation ${latest.reportNumber} expired on ${latest.validUntil}`,
          { validUntil: latest.validUntil },
        );
      }
      const amount = Money.ofYuan(application.amount);
      if (amount.greaterThan(Money.ofYuan(latest.maxLoan))) {
        throw refuse(
          'LTV_EXCEEDED',
          `Loan ${amount.toYuan()} exceeds the LTV limit ${latest.maxLoan} of valuation ${latest.reportNumber}`,
          {
            amount: amount.toYuan(),
            maxLoan: latest.maxLoan,
            totalValue: latest.totalValue,
          },
        );
      }
    },
    async (input) => {
      state.approval = {
        approverUserId: input.actor.userId,
        approvedOn: state.businessDate,
        riskSharing: input.riskSharing,
        ipSecuredShare: input.ipSecuredShare ?? '1',
        note: input.note,
      };
      await transition('APPROVE_CREDIT', 'APPROVED', input.actor, {
        riskSharing: input.riskSharing,
      });
    },
  );

  step(
    signContractUpdate,
    'SIGN_CONTRACT',
    (input) => {
      if (input.forfeitureClause) {
        throw refuse(
          'FORFEITURE_CLAUSE',
          'A clause handing the IP to the bank on default (流质) is void and cannot be registered',
        );
      }
      if (!input.loanContractNumber || !input.pledgeContractNumber)
        throw refuse('VALIDATION_FAILED', 'Contract numbers are required');
      assertBusinessDate(input.signedOn, 'signedOn');
    },
    async (input) => {
      state.contract = {
        loanContractNumber: input.loanContractNumber,
        pledgeContractNumber: input.pledgeContractNumber,
        signedOn: input.signedOn,
      };
      await transition('SIGN_CONTRACT', 'CONTRACTED', input.actor, {
        loanContractNumber: input.loanContractNumber,
      });
    },
  );

  step(submitRegistrationUpdate, 'SUBMIT_REGISTRATION', noPayloadCheck, async (input) => {
    const filingNumber = `${state.caseNumber}-F${state.filings.length + 1}`;
    await registry.fileRegistration({
      caseNumber: state.caseNumber,
      filingNumber,
      filedOn: state.businessDate,
      bankOrgId: application.bankOrgId,
      pledgorUscc: application.enterprise.uscc,
      assets: application.assets.map((a) => ({ kind: a.kind, number: a.number })),
    });
    state.filings.push({
      filingNumber,
      filedOn: state.businessDate,
      outcome: 'PENDING',
      registrationNumber: null,
      registeredOn: null,
      refusalReason: null,
      refusalNote: null,
    });
    await transition('SUBMIT_REGISTRATION', 'REGISTERING', input.actor, { filingNumber });
  });

  step(
    acceptRegistrationUpdate,
    'ACCEPT_REGISTRATION',
    (input) => {
      if (!input.registrationNumber)
        throw refuse('VALIDATION_FAILED', 'registrationNumber is required');
      assertBusinessDate(input.registeredOn, 'registeredOn');
    },
    async (input) => {
      const filing = state.filings[state.filings.length - 1]!;
      await registry.registerPledge({
        caseNumber: state.caseNumber,
        filingNumber: filing.filingNumber,
        registrationNumber: input.registrationNumber,
        registeredOn: input.registeredOn,
        bankOrgId: application.bankOrgId,
        pledgorUscc: application.enterprise.uscc,
        assets: application.assets.map((a) => ({ kind: a.kind, number: a.number })),
      });
      Object.assign(filing, {
        outcome: 'ACCEPTED',
        registrationNumber: input.registrationNumber,
        registeredOn: input.registeredOn,
      });
      await transition('ACCEPT_REGISTRATION', 'REGISTERED', input.actor, {
        registrationNumber: input.registrationNumber,
      });
    },
  );

  step(
    refuseRegistrationUpdate,
    'REFUSE_REGISTRATION',
    (input) => {
      if (!(input.reason in REGISTRATION_REFUSAL_REASONS))
        throw refuse('INVALID_REFUSAL_REASON', `Unknown refusal reason ${input.reason}`);
    },
    async (input) => {
      const filing = state.filings[state.filings.length - 1]!;
      await registry.recordRegistrationRefusal({
        caseNumber: state.caseNumber,
        filingNumber: filing.filingNumber,
        reason: input.reason,
        note: input.note,
      });
      Object.assign(filing, {
        outcome: 'REFUSED',
        refusalReason: input.reason,
        refusalNote: input.note,
      });
      await transition('REFUSE_REGISTRATION', 'CONTRACTED', input.actor, {
        reason: input.reason,
        note: input.note,
      });
    },
  );

  step(
    disburseUpdate,
    'DISBURSE',
    (input) => {
      assertBusinessDate(input.valueDate, 'valueDate');
      const registeredOn =
        state.filings[state.filings.length - 1]?.registeredOn ?? input.businessDate;
      if (
        compareDates(input.valueDate, input.businessDate) > 0 ||
        compareDates(input.valueDate, registeredOn) < 0
      ) {
        throw refuse(
          'INVALID_VALUE_DATE',
          'Disbursement value date must be between the pledge registration and the business date',
          { registeredOn },
        );
      }
      if (!input.reference) throw refuse('VALIDATION_FAILED', 'reference is required');
    },
    async (input) => {
      const schedule = buildSchedule({
        principal: Money.ofYuan(application.amount),
        annualRate: application.annualRate,
        termMonths: application.termMonths,
        method: application.repaymentMethod,
        startDate: input.valueDate,
        paymentFrequencyMonths: application.paymentFrequencyMonths,
      });
      const rows: ScheduleRow[] = schedule.instalments.map((i) => ({
        seq: i.seq,
        periodStart: i.periodStart,
        dueDate: i.dueDate,
        principal: i.principal.toYuan(),
        interest: i.interest.toYuan(),
      }));
      await bank.recordDisbursement({
        caseNumber: state.caseNumber,
        reference: input.reference,
        amount: application.amount,
        valueDate: input.valueDate,
        schedule: rows,
      });
      state.disbursement = {
        reference: input.reference,
        amount: application.amount,
        valueDate: input.valueDate,
        recordedBy: input.actor.userId,
      };
      state.schedule = rows;
      await transition('DISBURSE', 'ACTIVE', input.actor, {
        reference: input.reference,
        amount: application.amount,
        totalInterest: schedule.totalInterest.toYuan(),
      });
    },
  );

  step(
    recordRepaymentUpdate,
    'RECORD_REPAYMENT',
    (input) => {
      assertBusinessDate(input.valueDate, 'valueDate');
      const amount = Money.ofYuan(input.amount);
      if (!amount.isPositive()) throw refuse('INVALID_AMOUNT', 'Repayment amount must be positive');
      if (!input.reference) throw refuse('VALIDATION_FAILED', 'reference is required');
      const previous = state.repayments.find((r) => r.reference === input.reference);
      if (previous && previous.amount !== amount.toYuan()) {
        throw refuse(
          'DUPLICATE_REFERENCE',
          `Repayment ${input.reference} was recorded with amount ${previous.amount}`,
          { recorded: previous },
        );
      }
      if (
        compareDates(input.valueDate, input.businessDate) > 0 ||
        compareDates(input.valueDate, state.disbursement!.valueDate) < 0
      ) {
        throw refuse(
          'INVALID_VALUE_DATE',
          'Repayment value date must be between disbursement and the business date',
        );
      }
      if (previous) return;
      if (input.kind === 'SETTLEMENT') {
        const { payoff } = earlySettlement(
          state.schedule,
          state.repayments,
          application.annualRate,
          input.valueDate,
        );
        if (payoff !== amount.toYuan()) {
          throw refuse(
            'SETTLEMENT_AMOUNT_MISMATCH',
            `Early settlement on ${input.valueDate} requires ${payoff}`,
            { payoff },
          );
        }
      } else {
        const remaining = Money.ofYuan(
          positionOf(state.schedule, state.repayments, input.valueDate).remainingScheduled,
        );
        if (amount.greaterThan(remaining))
          throw refuse('OVERPAYMENT', `Only ${remaining.toYuan()} remains owed`, {
            remaining: remaining.toYuan(),
          });
      }
    },
    async (input) => {
      // The same bank reference recorded twice is the same payment: acknowledge, never re-apply.
      if (state.repayments.some((r) => r.reference === input.reference)) return;
      const amount = Money.ofYuan(input.amount).toYuan();
      if (input.kind === 'SETTLEMENT') {
        state.schedule = earlySettlement(
          state.schedule,
          state.repayments,
          application.annualRate,
          input.valueDate,
        ).schedule;
      }
      await bank.recordRepayment({
        caseNumber: state.caseNumber,
        reference: input.reference,
        amount,
        valueDate: input.valueDate,
        kind: input.kind,
        schedule: state.schedule,
      });
      state.repayments.push({ reference: input.reference, valueDate: input.valueDate, amount });
      await transition('RECORD_REPAYMENT', state.status, input.actor, {
        reference: input.reference,
        amount,
        valueDate: input.valueDate,
        kind: input.kind,
      });
      await reassessPosition();
    },
  );

  step(
    requestReleaseUpdate,
    'REQUEST_RELEASE',
    () => {
      if (state.release?.requestedOn)
        throw refuse('RELEASE_ALREADY_REQUESTED', 'Release was already requested');
    },
    async (input) => {
      state.release = {
        requestedOn: state.businessDate,
        cancellationNumber: null,
        registeredOn: null,
      };
      await transition('REQUEST_RELEASE', state.status, input.actor);
    },
  );

  step(
    registerReleaseUpdate,
    'REGISTER_RELEASE',
    (input) => {
      if (!state.release?.requestedOn)
        throw refuse(
          'RELEASE_NOT_REQUESTED',
          'The bank has not asked for the pledge to be released',
        );
      if (!input.cancellationNumber)
        throw refuse('VALIDATION_FAILED', 'cancellationNumber is required');
      assertBusinessDate(input.registeredOn, 'registeredOn');
    },
    async (input) => {
      await registry.releasePledge({
        caseNumber: state.caseNumber,
        cancellationNumber: input.cancellationNumber,
        registeredOn: input.registeredOn,
        ground: 'DEBT_REPAID',
      });
      state.release = {
        requestedOn: state.release!.requestedOn,
        cancellationNumber: input.cancellationNumber,
        registeredOn: input.registeredOn,
      };
      await transition('REGISTER_RELEASE', 'RELEASED', input.actor, {
        cancellationNumber: input.cancellationNumber,
      });
      state.closure = { kind: 'CLOSED', on: state.businessDate, reason: null };
      await transition('CLOSE', 'CLOSED', null);
    },
  );

  const endApplication =
    (kind: 'REJECTED' | 'WITHDRAWN', event: 'REJECT' | 'WITHDRAW') =>
    async (input: StepInput & { reason: string }) => {
      if (state.status === 'REGISTERED') {
        // A registered pledge that will never secure a loan is cancelled as waived.
        await registry.releasePledge({
          caseNumber: state.caseNumber,
          cancellationNumber: `${state.caseNumber}-W`,
          registeredOn: state.businessDate,
          ground: 'PLEDGEE_WAIVED',
        });
      }
      if (state.status === 'REGISTERING') {
        await registry.recordRegistrationRefusal({
          caseNumber: state.caseNumber,
          filingNumber: state.filings[state.filings.length - 1]!.filingNumber,
          reason: 'OTHER_INELIGIBLE',
          note: `case ${kind.toLowerCase()}`,
        });
      }
      state.closure = { kind, on: state.businessDate, reason: input.reason };
      await transition(event, kind, input.actor, { reason: input.reason });
    };
  const reasonRequired = (input: { reason: string }) => {
    if (!input.reason || input.reason.trim().length === 0)
      throw refuse('REASON_REQUIRED', 'A reason is required');
  };
  step(rejectUpdate, 'REJECT', reasonRequired, endApplication('REJECTED', 'REJECT'));
  step(withdrawUpdate, 'WITHDRAW', reasonRequired, endApplication('WITHDRAWN', 'WITHDRAW'));

  const defaults: DefaultTrack = installDefaultTrack({
    state,
    step,
    transition,
    serially,
    advanceDate,
  });

  /**
   * Overdue, cured, repaid or defaulted, from the schedule and repayments on the case's business
   * date; every move between delinquency buckets is recorded on the way.
   */
  async function reassessPosition(): Promise<void> {
    const live = state.status === 'ACTIVE' || state.status === 'OVERDUE';
    if (!live && !AGEING_AFTER_DEFAULT.includes(state.status)) return;
    const position = positionOf(state.schedule, state.repayments, state.businessDate);
    state.position = position;
    const defaultTrack = patched(DEFAULT_TRACK_PATCH);
    if (defaultTrack) await defaults.trackDelinquency(position);
    if (!live) return;
    if (position.fullyRepaid) {
      await transition('MARK_REPAID', 'REPAID', null, {
        lastRepayment: state.repayments[state.repayments.length - 1]?.valueDate ?? null,
      });
    } else if (
      state.status === 'ACTIVE' &&
      position.daysPastDue >= application.product.overdueAfterDays
    ) {
      await transition('MARK_OVERDUE', 'OVERDUE', null, {
        daysPastDue: position.daysPastDue,
        arrears: position.arrears,
      });
    } else if (
      state.status === 'OVERDUE' &&
      position.daysPastDue < application.product.overdueAfterDays
    ) {
      await transition('CURE_OVERDUE', 'ACTIVE', null, { daysPastDue: position.daysPastDue });
    }
    if (defaultTrack) await defaults.defaultIfDue(position);
  }

  setHandler(
    applyBusinessDateUpdate,
    ({ businessDate }) =>
      serially(async () => {
        if (compareDates(businessDate, state.businessDate) > 0) {
          advanceDate(businessDate);
          const version = state.version;
          await reassessPosition();
          // No transition was projected: the read model still needs the new date and position.
          if (state.version === version)
            await ledger.recordCaseTransition({ snapshot: state, entry: null });
        }
        return { status: state.status, daysPastDue: state.position?.daysPastDue ?? 0 };
      }),
    { validator: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate') },
  );
  setHandler(getCaseQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => opened);
    return state;
  });
  setHandler(allowedActionsQuery, (actor) =>
    allowedActions(state, actor).filter((event) => defaults.claimStepAvailable(event, actor)),
  );

  if (state.version === 0) {
    upsertSearchAttributes([
      { key: CASE_SEARCH_ATTRIBUTES.number, value: state.caseNumber },
      { key: CASE_SEARCH_ATTRIBUTES.district, value: application.enterprise.districtCode },
      { key: CASE_SEARCH_ATTRIBUTES.bank, value: application.bankOrgId },
      { key: CASE_SEARCH_ATTRIBUTES.enterprise, value: application.enterprise.uscc },
      {
        key: CASE_SEARCH_ATTRIBUTES.amountFen,
        value: Number(Money.ofYuan(application.amount).fen),
      },
    ]);
    await serially(() =>
      transition('OPEN', 'DRAFT', application.preparer, {
        amount: application.amount,
        assets: application.assets.length,
      }),
    );
    opened = true;
  }

  for (;;) {
    await condition(() => isTerminal(state.status) || historyIsLong());
    if (isTerminal(state.status)) {
      await condition(allHandlersFinished);
      return state;
    }
    if (historyIsLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof loanCaseWorkflow>({ application, carried: state });
    }
  }
}

function historyIsLong(): boolean {
  const info = workflowInfo();
  return info.historyLength >= HISTORY_LIMIT || info.continueAsNewSuggested;
}

function organisationAllowed(state: CaseSnapshot, actor: Actor): boolean {
  switch (actor.role) {
    case 'LOAN_OFFICER':
    case 'CREDIT_APPROVER':
      return actor.organisationId === state.application.bankOrgId;
    case 'EVALUATOR':
      return state.valuationRequest?.firmOrgId === actor.organisationId;
    case 'REGISTRATION_CLERK':
      return true;
    // The insurer and the fund act only on cases with a claim payable by them.
    case 'INSURER':
    case 'FUND_MANAGER':
      return (state.claims ?? []).some(
        (c) =>
          c.payer === (actor.role === 'INSURER' ? 'INSURER' : 'FUND') &&
          c.payerOrgId === actor.organisationId,
      );
    default:
      return false;
  }
}

/** Events this actor may fire now (state, role and organisation; payload checks come later). */
function allowedActions(state: CaseSnapshot, actor: Actor): CaseEvent[] {
  if (!organisationAllowed(state, actor)) return [];
  return CASE_EVENTS.filter((event) => {
    const check = checkTransition(state.status, event, actor.role as Performer);
    if (!check.allowed) return false;
    if (event === 'REQUEST_RELEASE') return !state.release?.requestedOn;
    if (event === 'REGISTER_RELEASE') return Boolean(state.release?.requestedOn);
    if (event === 'APPROVE_CREDIT') return actor.userId !== state.application.preparer.userId;
    return true;
  });
}

function recipientsOf(state: CaseSnapshot): string[] {
  const recipients = new Set<string>([state.application.bankOrgId]);
  if (state.valuationRequest && state.status === 'VALUATION')
    recipients.add(state.valuationRequest.firmOrgId);
  if (state.status === 'COMPENSATION')
    for (const claim of state.claims ?? []) recipients.add(claim.payerOrgId);
  return [...recipients];
}
