/*
 * Fast tests of the loan-case workflow: the real workflow on this run's dev server with stub
 * activities, so every row of the case's transition table and of the compensation-claim table
 * is exercised in seconds. The stubs record what the workflow projected; the assertions are on
 * the case it answers and the refusal codes, not on call order.
 */
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  COMPENSATION_CLAIM_TRANSITIONS,
  type CompensationClaimEvent,
} from '../../libs/domain/src/compensation-claim/compensation-claim.states';
import { earlySettlement } from '../../libs/domain/src/loan-account';
import { CASE_TRANSITIONS, type CaseEvent } from '../../libs/domain/src/loan-case/loan-case.states';
import type {
  CaseSnapshot,
  LoanApplication,
  TimelineEntry,
} from '../../libs/domain/src/loan-case/loan-case.types';
import { Money } from '../../libs/domain/src/money';
import type { Actor } from '../../libs/domain/src/roles';
import {
  acceptRegistrationUpdate,
  allowedActionsQuery,
  applyBusinessDateUpdate,
  approveCreditUpdate,
  confirmDefaultUpdate,
  confirmInsuranceClaimUpdate,
  declareDefaultUpdate,
  disburseUpdate,
  getCaseQuery,
  isStepResult,
  LOAN_CASE_WORKFLOW,
  loanCaseWorkflowId,
  openedUpdate,
  payFundClaimUpdate,
  payInsuranceClaimUpdate,
  reassignOwnerUpdate,
  recordDisposalOutcomeUpdate,
  recordRepaymentUpdate,
  refuseRegistrationUpdate,
  registerReleaseUpdate,
  rejectDefaultUpdate,
  rejectUpdate,
  requestReleaseUpdate,
  requestValuationUpdate,
  reviewFundClaimUpdate,
  signContractUpdate,
  startDisposalUpdate,
  submitRegistrationUpdate,
  submitUpdate,
  submitValuationUpdate,
  verifyIpUpdate,
  withdrawUpdate,
  type CaseStepAnswer,
} from '../../workflows/loan-case/loan-case.shared';
import type { loanCaseWorkflow } from '../../workflows/loan-case/loan-case.workflow';
import {
  startWorkflowTestEnv,
  type StubActivities,
  type WorkflowTestEnv,
} from '../support/workflow-env';

const officer: Actor = {
  userId: 'u-officer',
  username: 'officer',
  role: 'LOAN_OFFICER',
  organisationId: 'BANK-A',
};
const approver: Actor = { ...officer, userId: 'u-approver', role: 'CREDIT_APPROVER' };
const evaluator: Actor = {
  userId: 'u-eval',
  username: 'eval',
  role: 'EVALUATOR',
  organisationId: 'VAL-A',
};
const clerk: Actor = {
  userId: 'u-clerk',
  username: 'clerk',
  role: 'REGISTRATION_CLERK',
  organisationId: 'CNIPA',
};
const insurer: Actor = {
  userId: 'u-ins',
  username: 'ins',
  role: 'INSURER',
  organisationId: 'INS-A',
};
const fundManager: Actor = {
  userId: 'u-fund',
  username: 'fund',
  role: 'FUND_MANAGER',
  organisationId: 'FUND-A',
};

/** Second users of the insurer and the fund: who confirms or reviews a claim does not pay it. */
const insurer2: Actor = { ...insurer, userId: 'u-ins-2', username: 'ins2' };
const fundManager2: Actor = { ...fundManager, userId: 'u-fund-2', username: 'fund2' };

function application(caseNumber: string, overrides: Partial<LoanApplication> = {}) {
  const app: LoanApplication = {
    caseNumber,
    bankOrgId: 'BANK-A',
    bankReference: caseNumber,
    enterprise: {
      uscc: '91310115MA1K4CXX2X',
      name: 'Pudong Tech',
      districtCode: '310115',
      sme: true,
      usccCheckOverride: null,
    },
    amount: '300000.00',
    termMonths: 3,
    annualRate: '0.036',
    repaymentMethod: 'EQUAL_PRINCIPAL',
    paymentFrequencyMonths: 1,
    product: {
      code: 'P-FAST',
      name: 'fast-test product',
      ltvByAssetKind: {
        INVENTION_PATENT: '0.5',
        UTILITY_MODEL_PATENT: '0.3',
        DESIGN_PATENT: '0.1',
        TRADEMARK: '0.25',
        SOFTWARE_COPYRIGHT: '0.2',
      },
      overdueAfterDays: 1,
      defaultAfterDays: 90,
      valuationValidityMonths: 12,
    },
    assets: [
      {
        kind: 'INVENTION_PATENT',
        number: '2023100000001',
        coOwnerConsents: [],
        invalidationPendingConfirmed: false,
      },
    ],
    preparer: officer,
    applicationDate: '2026-01-05',
    ...overrides,
  };
  return app;
}

/** Every case event the workflow projected, and every claim event it moved a claim by. */
const fired = new Set<CaseEvent>();
const claimEventsFired = new Set<CompensationClaimEvent>();
/** Claims found in another status than their table row leads to (asserted at the end). */
const claimMismatches: string[] = [];
const CLAIM_EVENT_OF: Partial<Record<CaseEvent, CompensationClaimEvent>> = {
  CONFIRM_INSURANCE_CLAIM: 'CONFIRM',
  PAY_INSURANCE_CLAIM: 'PAY_INSURANCE',
  REVIEW_FUND_CLAIM: 'REVIEW',
  PAY_FUND_CLAIM: 'PAY_FUND',
};

/** What a failed IP check finds, per case number (none: the check passes). */
const ipFindings = new Map<string, { ground: string; message: string }>();

/** The case as the stub projection holds it, as the read model would (merging changes). */
const projectedCases = new Map<string, CaseSnapshot>();

const stubs: StubActivities = {
  async recordCaseTransition(...args: never[]) {
    const input = args[0] as unknown as
      | { snapshot: CaseSnapshot; entry: TimelineEntry | null }
      | { caseNumber: string; changes: Partial<CaseSnapshot>; entry: TimelineEntry | null };
    const snapshot =
      'snapshot' in input
        ? input.snapshot
        : { ...projectedCases.get(input.caseNumber)!, ...input.changes };
    projectedCases.set(snapshot.caseNumber, snapshot);
    const { entry } = input;
    if (!entry || entry.event === 'OPEN') return;
    fired.add(entry.event);
    const claimEvent = CLAIM_EVENT_OF[entry.event];
    if (claimEvent) {
      // The claim moved to its table row's target.
      const claim = snapshot.claims?.find((c) => c.claimId === entry.payload.claimId);
      if (claim?.status !== COMPENSATION_CLAIM_TRANSITIONS[claimEvent].to)
        claimMismatches.push(`${claimEvent}: ${claim?.status}`);
      claimEventsFired.add(claimEvent);
    }
    if (entry.event === 'OPEN_COMPENSATION') {
      for (const claim of snapshot.claims ?? [])
        if (claim.status !== COMPENSATION_CLAIM_TRANSITIONS.FILE.to)
          claimMismatches.push(`FILE: ${claim.status}`);
      if ((snapshot.claims ?? []).length > 0) claimEventsFired.add('FILE');
    }
  },
  async enqueueNotification() {},
  async checkAssetsForPledge(...args: never[]) {
    const input = args[0] as unknown as {
      caseNumber: string;
      assets: { kind: string; number: string }[];
    };
    const finding = ipFindings.get(input.caseNumber);
    return input.assets.map((a) => ({
      kind: a.kind,
      number: a.number,
      title: 'an invention',
      passed: !finding,
      findings: finding ? [{ ...finding, evidence: {} }] : [],
    }));
  },
  async fileRegistration() {},
  async registerPledge() {},
  async recordRegistrationRefusal() {},
  async releasePledge() {},
  async registerAssetTransfer() {},
  async recordValuationReport() {},
  async recordDisbursement() {},
  async recordRepayment() {},
  async bankRecordBucketMove() {},
  async bankRecordDefault() {},
  async bankRecordDefaultProposal() {},
  async bankDecideDefaultProposal() {},
  async assignCaseOwner() {},
  async bankFileCompensationClaims() {},
  async bankRecordDistribution() {},
  async bankRecordWriteOff() {},
  async fundRiskScheme() {
    return {
      code: 'SCHEME-T',
      terms: {
        code: 'SCHEME-T',
        name: 'test scheme',
        triggerDaysNonPerforming: 60,
        base: 'PRINCIPAL',
        ipSecuredOnly: true,
        caps: { fundPerClaim: null, insurerPerClaim: null },
        depositRatio: '0.8',
      },
      fundCode: 'FUND-T',
      fundOrgId: 'FUND-A',
      insurerOrgId: 'INS-A',
    };
  },
  async fundReviewClaim() {},
  async insuranceConfirmClaim() {},
  async fundPayClaim(...args: never[]) {
    const input = args[0] as unknown as { reference: string; share: string; step: { on: string } };
    return {
      reference: input.reference,
      amount: input.share,
      limitedBy: null,
      // The scheme's deposit ratio, 0.8 of the payment.
      deposit: Money.ofYuan(input.share).times({ num: 8n, den: 10n }).toYuan(),
      paidOn: input.step.on,
      paidBy: 'u-fund',
    };
  },
  async insurancePayClaim(...args: never[]) {
    const input = args[0] as unknown as { reference: string; share: string; step: { on: string } };
    return {
      reference: input.reference,
      amount: input.share,
      limitedBy: null,
      deposit: null,
      paidOn: input.step.on,
      paidBy: 'u-ins',
    };
  },
  async fundCreditRecovery() {},
  async fundReleaseDeposit() {},
  async exchangeStartDisposal(...args: never[]) {
    const input = args[0] as unknown as { caseNumber: string };
    return `disposal-${input.caseNumber}`;
  },
};

let env: WorkflowTestEnv;
beforeAll(async () => {
  env = await startWorkflowTestEnv();
});
afterAll(async () => {
  await env?.close();
});

type CaseHandle = WorkflowHandle<typeof loanCaseWorkflow>;

async function openCase(app: LoanApplication): Promise<CaseHandle> {
  const start = new WithStartWorkflowOperation<typeof loanCaseWorkflow>(LOAN_CASE_WORKFLOW, {
    workflowId: loanCaseWorkflowId(app.caseNumber),
    taskQueue: env.taskQueue,
    args: [{ application: app }],
    workflowIdConflictPolicy: 'FAIL',
  });
  const opened = await env.client.workflow.executeUpdateWithStart(openedUpdate, {
    startWorkflowOperation: start,
  });
  const handle = env.client.workflow.getHandle(loanCaseWorkflowId(app.caseNumber));
  expect((await caseOf(handle, opened)).status).toBe('DRAFT');
  return handle;
}

/**
 * The case a step answered: a small answer says the projection holds the case, which the stub
 * projection must then hold exactly as the workflow does.
 */
async function caseOf(handle: CaseHandle, answer: CaseStepAnswer): Promise<CaseSnapshot> {
  if (!isStepResult(answer)) return answer;
  const workflowCase = await handle.query(getCaseQuery);
  expect(projectedCases.get(answer.caseNumber)).toEqual(workflowCase);
  expect(answer.version).toBe(workflowCase.version);
  return workflowCase;
}

/** Sends a step and answers the case. */
async function send<I>(
  handle: CaseHandle,
  update: UpdateDefinition<CaseStepAnswer, [I]>,
  input: I,
): Promise<CaseSnapshot> {
  return caseOf(handle, await handle.executeUpdate(update, { args: [input] }));
}

/** The refusal code of a step that must be refused. */
async function refusalOf<I>(
  handle: CaseHandle,
  update: UpdateDefinition<CaseStepAnswer, [I]>,
  input: I,
): Promise<string> {
  try {
    await handle.executeUpdate(update, { args: [input] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return error.cause.type ?? 'UNTYPED';
    throw error;
  }
  throw new Error('the step was not refused');
}

const on = (actor: Actor, businessDate: string) => ({ actor, businessDate });

/** Takes a fresh case up to REGISTERED (refusing the first filing on the way). */
async function registeredCase(app: LoanApplication): Promise<CaseHandle> {
  const h = await openCase(app);
  await send(h, submitUpdate, on(officer, '2026-01-05'));
  await send(h, verifyIpUpdate, on(officer, '2026-01-05'));
  await send(h, requestValuationUpdate, { ...on(officer, '2026-01-06'), firmOrgId: 'VAL-A' });
  await send(h, submitValuationUpdate, {
    ...on(evaluator, '2026-01-08'),
    reportNumber: 'VR-1',
    method: 'INCOME',
    baseDate: '2026-01-07',
    validUntil: null,
    assets: [{ number: app.assets[0]!.number, value: '1000000.00' }],
  });
  await send(h, approveCreditUpdate, {
    ...on(approver, '2026-01-09'),
    riskSharing: { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 },
    note: null,
  });
  // Dates that contradict each other: signed after the business date, or before the approval.
  const contract = {
    loanContractNumber: 'LC-1',
    pledgeContractNumber: 'PC-1',
    forfeitureClause: false,
  };
  expect(
    await refusalOf(h, signContractUpdate, {
      ...on(officer, '2026-01-10'),
      ...contract,
      signedOn: '2026-01-11',
    }),
  ).toBe('CONTRACT_SIGNED_AFTER_BUSINESS_DATE');
  expect(
    await refusalOf(h, signContractUpdate, {
      ...on(officer, '2026-01-10'),
      ...contract,
      signedOn: '2026-01-08',
    }),
  ).toBe('CONTRACT_SIGNED_BEFORE_APPROVAL');
  await send(h, signContractUpdate, {
    ...on(officer, '2026-01-10'),
    loanContractNumber: 'LC-1',
    pledgeContractNumber: 'PC-1',
    signedOn: '2026-01-10',
    forfeitureClause: false,
  });
  await send(h, submitRegistrationUpdate, on(officer, '2026-01-10'));
  const refused = await send(h, refuseRegistrationUpdate, {
    ...on(clerk, '2026-01-11'),
    reason: 'ANNUAL_FEE_UNPAID',
    note: 'fee paid late',
  });
  expect(refused.status).toBe('CONTRACTED');
  await send(h, submitRegistrationUpdate, on(officer, '2026-01-12'));
  const registered = await send(h, acceptRegistrationUpdate, {
    ...on(clerk, '2026-01-13'),
    registrationNumber: 'REG-1',
    registeredOn: '2026-01-13',
  });
  expect(registered.status).toBe('REGISTERED');
  expect(registered.filings.map((f) => f.outcome)).toEqual(['REFUSED', 'ACCEPTED']);
  return h;
}

async function disbursedCase(app: LoanApplication): Promise<CaseHandle> {
  const h = await registeredCase(app);
  // Contract 2026-01-10, registration 2026-01-13: money cannot go out before either, nor later
  // than the business date.
  for (const [valueDate, code] of [
    ['2026-01-09', 'DISBURSEMENT_BEFORE_CONTRACT'],
    ['2026-01-12', 'DISBURSEMENT_BEFORE_REGISTRATION'],
    ['2026-01-16', 'DISBURSEMENT_AFTER_BUSINESS_DATE'],
  ] as const)
    expect(
      await refusalOf(h, disburseUpdate, {
        ...on(officer, '2026-01-15'),
        reference: 'D-1',
        valueDate,
      }),
    ).toBe(code);
  const active = await send(h, disburseUpdate, {
    ...on(officer, '2026-01-15'),
    reference: 'D-1',
    valueDate: '2026-01-15',
  });
  expect(active.status).toBe('ACTIVE');
  expect(active.schedule).toHaveLength(3);
  return h;
}

describe('loan-case workflow (stub activities)', () => {
  it('runs from application through overdue, cure and early settlement to release and closure', async () => {
    await env.withWorker(stubs, async () => {
      const h = await disbursedCase(application(env.newId('LC-REPAID')));
      // The first instalment falls due on 2026-02-15; a day later it is overdue.
      const overdue = await h.executeUpdate(applyBusinessDateUpdate, {
        args: [{ businessDate: '2026-02-16' }],
      });
      expect(overdue).toEqual({ status: 'OVERDUE', daysPastDue: 1 });
      const first = (await h.query(getCaseQuery)).schedule[0]!;
      // A repayment dated before the disbursement (2026-01-15) or after the business date.
      for (const [valueDate, code] of [
        ['2026-01-14', 'REPAYMENT_BEFORE_DISBURSEMENT'],
        ['2026-02-17', 'REPAYMENT_AFTER_BUSINESS_DATE'],
      ] as const)
        expect(
          await refusalOf(h, recordRepaymentUpdate, {
            ...on(officer, '2026-02-16'),
            reference: 'R-1',
            amount: '1.00',
            valueDate,
            kind: 'SCHEDULED',
          }),
        ).toBe(code);
      const cured = await send(h, recordRepaymentUpdate, {
        ...on(officer, '2026-02-16'),
        reference: 'R-1',
        amount: Money.ofYuan(first.principal).plus(Money.ofYuan(first.interest)).toYuan(),
        valueDate: '2026-02-16',
        kind: 'SCHEDULED',
      });
      expect(cured.status).toBe('ACTIVE');
      const payoff = await earlyPayoff(h, '2026-02-20');
      const repaid = await send(h, recordRepaymentUpdate, {
        ...on(officer, '2026-02-20'),
        reference: 'R-2',
        amount: payoff,
        valueDate: '2026-02-20',
        kind: 'SETTLEMENT',
      });
      expect(repaid.status).toBe('REPAID');
      expect(
        await refusalOf(h, registerReleaseUpdate, {
          ...on(clerk, '2026-02-21'),
          cancellationNumber: 'CAN-1',
          registeredOn: '2026-02-21',
        }),
      ).toBe('RELEASE_NOT_REQUESTED');
      await send(h, requestReleaseUpdate, on(officer, '2026-02-21'));
      expect(await refusalOf(h, requestReleaseUpdate, on(officer, '2026-02-21'))).toBe(
        'RELEASE_ALREADY_REQUESTED',
      );
      const closed = await send(h, registerReleaseUpdate, {
        ...on(clerk, '2026-02-22'),
        cancellationNumber: 'CAN-1',
        registeredOn: '2026-02-22',
      });
      expect(closed.status).toBe('CLOSED');
      expect(closed.closure).toMatchObject({ kind: 'CLOSED' });
    });
  });

  it('answers the first repayment with the small result: its projection carries the delinquency track', async () => {
    await env.withWorker(stubs, async () => {
      const h = await disbursedCase(application(env.newId('LC-FIRST-REPAYMENT')));
      const first = (await h.query(getCaseQuery)).schedule[0]!;
      const answer = await h.executeUpdate(recordRepaymentUpdate, {
        args: [
          {
            ...on(officer, '2026-02-15'),
            reference: 'R-1',
            amount: Money.ofYuan(first.principal).plus(Money.ofYuan(first.interest)).toYuan(),
            valueDate: '2026-02-15',
            kind: 'SCHEDULED',
          },
        ],
      });
      expect(isStepResult(answer)).toBe(true);
      // caseOf: the projection holds the case exactly as the workflow does.
      const repaid = await caseOf(h, answer);
      expect(repaid.delinquency).toEqual({ bucket: 'CURRENT', since: '2026-01-15', history: [] });
    });
  });

  it('rejects and withdraws applications, undoing what the registration office holds', async () => {
    await env.withWorker(stubs, async () => {
      const rejected = await openCase(application(env.newId('LC-REJ')));
      expect(
        await refusalOf(rejected, rejectUpdate, { ...on(approver, '2026-01-05'), reason: ' ' }),
      ).toBe('REASON_REQUIRED');
      const r = await send(rejected, rejectUpdate, {
        ...on(approver, '2026-01-05'),
        reason: 'not viable',
      });
      expect(r.status).toBe('REJECTED');
      const withdrawn = await registeredCase(application(env.newId('LC-WD')));
      const w = await send(withdrawn, withdrawUpdate, {
        ...on(officer, '2026-01-14'),
        reason: 'the firm found other money',
      });
      expect(w.status).toBe('WITHDRAWN');
      expect(w.closure).toMatchObject({ kind: 'WITHDRAWN', reason: 'the firm found other money' });
    });
  });

  it('defaults on declaration, pays both claims, disposes of the IP, settles and closes', async () => {
    await env.withWorker(stubs, async () => {
      const h = await disbursedCase(application(env.newId('LC-DEF')));
      const propose = (businessDate: string, reasonCode: string | undefined, reason = '') =>
        refusalOf(h, declareDefaultUpdate, {
          ...on(officer, businessDate),
          ...(reasonCode ? { reasonCode } : {}),
          reason,
        });
      // Disbursed on 2026-01-15; nothing past due on 2026-02-01 (overdueAfterDays 1).
      expect(await propose('2026-01-15', 'FRAUD')).toBe('DEFAULT_ON_DISBURSEMENT_DATE');
      expect(await propose('2026-02-01', undefined, 'the firm stopped trading')).toBe(
        'DEFAULT_REASON_REQUIRED',
      );
      expect(await propose('2026-02-01', 'PAST_DUE')).toBe('DEFAULT_REASON_INVALID');
      expect(await propose('2026-02-01', 'OTHER', 'stopped trading')).toBe(
        'DEFAULT_REASON_TEXT_TOO_SHORT',
      );
      expect(
        await refusalOf(h, declareDefaultUpdate, {
          ...on(approver, '2026-02-01'),
          reasonCode: 'FRAUD',
          reason: '',
        }),
      ).toBe('ROLE_FORBIDDEN');
      expect(await refusalOf(h, confirmDefaultUpdate, on(approver, '2026-02-01'))).toBe(
        'DEFAULT_NOT_PROPOSED',
      );
      // A proposal keeps the case where it is; the approver rejects it.
      const proposed = await send(h, declareDefaultUpdate, {
        ...on(officer, '2026-02-01'),
        reasonCode: 'FRAUD',
        reason: 'forged invoices',
      });
      expect(proposed.status).toBe('ACTIVE');
      expect(proposed.defaultProposal).toMatchObject({ status: 'PENDING', reasonCode: 'FRAUD' });
      expect(await propose('2026-02-01', 'FRAUD')).toBe('DEFAULT_PROPOSAL_PENDING');
      expect(
        await refusalOf(h, rejectDefaultUpdate, { ...on(approver, '2026-02-02'), reason: ' ' }),
      ).toBe('REASON_REQUIRED');
      const rejected = await send(h, rejectDefaultUpdate, {
        ...on(approver, '2026-02-02'),
        reason: 'the invoices were checked and are genuine',
      });
      expect(rejected.status).toBe('ACTIVE');
      expect(rejected.defaultProposal).toMatchObject({ status: 'REJECTED', seq: 1 });
      // A new proposal later; the proposer holding an approver seat may not confirm it.
      await send(h, declareDefaultUpdate, {
        ...on(officer, '2026-03-01'),
        reasonCode: 'PAST_DUE',
        reason: 'the firm stopped trading',
      });
      expect(
        await refusalOf(h, confirmDefaultUpdate, {
          ...on({ ...approver, userId: officer.userId }, '2026-03-01'),
        }),
      ).toBe('DEFAULT_PROPOSER_CANNOT_CONFIRM');
      expect(await refusalOf(h, confirmDefaultUpdate, on(officer, '2026-03-01'))).toBe(
        'ROLE_FORBIDDEN',
      );
      const defaulted = await send(h, confirmDefaultUpdate, on(approver, '2026-03-01'));
      expect(defaulted.status).toBe('COMPENSATION');
      expect(defaulted.default).toMatchObject({
        kind: 'DECLARED',
        declaredBy: approver,
        reason: 'PAST_DUE: the firm stopped trading',
      });
      expect(defaulted.defaultProposal).toMatchObject({ status: 'CONFIRMED', seq: 2 });
      // The case changes hands while its claims are open.
      const officer2: Actor = { ...officer, userId: 'u-officer-2', username: 'officer2' };
      const candidate = { ...officer2, active: true };
      expect(
        await refusalOf(h, reassignOwnerUpdate, {
          ...on(officer, '2026-03-01'),
          ownerUserId: officer2.userId,
          candidate,
          reason: 'officer on leave',
        }),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        await refusalOf(h, reassignOwnerUpdate, {
          ...on(approver, '2026-03-01'),
          ownerUserId: officer.userId,
          candidate: { ...officer, active: true },
          reason: 'officer on leave',
        }),
      ).toBe('OWNER_UNCHANGED');
      const handed = await send(h, reassignOwnerUpdate, {
        ...on(approver, '2026-03-01'),
        ownerUserId: officer2.userId,
        candidate,
        reason: 'officer on leave',
      });
      expect(handed.owner).toMatchObject({ userId: officer2.userId, assignedBy: approver.userId });
      const claims = defaulted.claims ?? [];
      expect(claims.map((c) => [c.payer, c.status])).toEqual([
        ['INSURER', 'FILED'],
        ['FUND', 'FILED'],
      ]);
      const ins = claims[0]!.claimId;
      const fundClaim = claims[1]!;
      // Paying before confirming: the claim's own table refuses it.
      expect(
        await refusalOf(h, payInsuranceClaimUpdate, {
          ...on(insurer, '2026-03-02'),
          claimId: ins,
          reference: 'INS-PAY-1',
        }),
      ).toBe('INVALID_CLAIM_STATUS');
      // Another insurer may not act on this case at all.
      expect(
        await refusalOf(h, confirmInsuranceClaimUpdate, {
          ...on({ ...insurer, organisationId: 'INS-B' }, '2026-03-02'),
          claimId: ins,
        }),
      ).toBe('ORGANISATION_FORBIDDEN');
      await send(h, confirmInsuranceClaimUpdate, { ...on(insurer, '2026-03-02'), claimId: ins });
      // Four eyes: the insurer's confirmer may not pay; nor does the pay step show for them.
      expect(
        await refusalOf(h, payInsuranceClaimUpdate, {
          ...on(insurer, '2026-03-03'),
          claimId: ins,
          reference: 'INS-PAY-1',
        }),
      ).toBe('COMPENSATION_CONFIRMER_CANNOT_PAY');
      expect(await h.query(allowedActionsQuery, insurer)).toEqual([]);
      expect(await h.query(allowedActionsQuery, insurer2)).toEqual(['PAY_INSURANCE_CLAIM']);
      await send(h, payInsuranceClaimUpdate, {
        ...on(insurer2, '2026-03-03'),
        claimId: ins,
        reference: 'INS-PAY-1',
      });
      // The fund may be reviewed from its eligible date only.
      expect(
        await refusalOf(h, reviewFundClaimUpdate, {
          ...on(fundManager, '2026-03-03'),
          claimId: fundClaim.claimId,
        }),
      ).toBe('FUND_TRIGGER_NOT_REACHED');
      expect(await h.query(allowedActionsQuery, fundManager)).toEqual([]);
      await send(h, reviewFundClaimUpdate, {
        ...on(fundManager, fundClaim.eligibleOn),
        claimId: fundClaim.claimId,
      });
      expect(await h.query(allowedActionsQuery, fundManager)).toEqual([]);
      expect(await h.query(allowedActionsQuery, fundManager2)).toEqual(['PAY_FUND_CLAIM']);
      expect(
        await refusalOf(h, payFundClaimUpdate, {
          ...on(fundManager, fundClaim.eligibleOn),
          claimId: fundClaim.claimId,
          reference: 'FUND-PAY-1',
        }),
      ).toBe('COMPENSATION_REVIEWER_CANNOT_PAY');
      await send(h, payFundClaimUpdate, {
        ...on(fundManager2, fundClaim.eligibleOn),
        claimId: fundClaim.claimId,
        reference: 'FUND-PAY-1',
      });
      const disposing = await send(h, startDisposalUpdate, on(officer, fundClaim.eligibleOn));
      expect(disposing.status).toBe('DISPOSAL');
      expect(await refusalOf(h, startDisposalUpdate, on(officer, fundClaim.eligibleOn))).toBe(
        'INVALID_TRANSITION',
      );
      const outcome = {
        kind: 'SOLD' as const,
        method: 'AUCTION' as const,
        buyer: '91310000MA1FL0000X',
        proceeds: '250000.00',
        costs: '5000.00',
        reason: null,
        decidedBy: officer,
        on: fundClaim.eligibleOn,
      };
      const closed = await send(h, recordDisposalOutcomeUpdate, outcome);
      expect(closed.status).toBe('CLOSED');
      expect(closed.settlement?.proceeds).toBe('250000.00');
      // A new run takes the patched settlement: the interest to the settlement date, line by line.
      expect(closed.settlement?.interestBasis).toMatchObject({
        asOf: fundClaim.eligibleOn,
        total: closed.settlement?.interestDue,
      });
      expect(closed.release?.cancellationNumber).toMatch(/-C$/);
      expect(closed.closure?.kind).toBe('CLOSED');
    });
  });

  it('defaults by itself at the threshold, and the insurer sees its steps', async () => {
    await env.withWorker(stubs, async () => {
      const app = application(env.newId('LC-AUTO'));
      app.product = { ...app.product, autoDefault: true, defaultAfterDays: 30 };
      const h = await disbursedCase(app);
      // A proposal still pending when the threshold is reached is overtaken.
      await send(h, declareDefaultUpdate, {
        ...on(officer, '2026-03-01'),
        reasonCode: 'PAST_DUE',
        reason: '',
      });
      // 2026-02-15 unpaid: more than 30 days past due on 2026-03-20.
      const result = await h.executeUpdate(applyBusinessDateUpdate, {
        args: [{ businessDate: '2026-03-20' }],
      });
      expect(result.status).toBe('COMPENSATION');
      const snapshot = await h.query(getCaseQuery);
      expect(snapshot.default?.kind).toBe('AUTOMATIC');
      expect(snapshot.defaultProposal).toMatchObject({
        status: 'SUPERSEDED',
        decidedBy: null,
        decidedOn: '2026-03-20',
      });
      expect(await h.query(allowedActionsQuery, insurer)).toEqual(['CONFIRM_INSURANCE_CLAIM']);
      expect(await h.query(allowedActionsQuery, officer)).toEqual(['START_DISPOSAL']);
    });
  });

  it('refuses by code: wrong state, wrong role, other bank, four eyes, LTV, a failed IP check', async () => {
    await env.withWorker(stubs, async () => {
      const h = await openCase(application(env.newId('LC-REF'), { amount: '600000.00' }));
      expect(await refusalOf(h, submitUpdate, on(approver, '2026-01-05'))).toBe('ROLE_FORBIDDEN');
      expect(
        await refusalOf(
          h,
          submitUpdate,
          on({ ...officer, organisationId: 'BANK-B' }, '2026-01-05'),
        ),
      ).toBe('ORGANISATION_FORBIDDEN');
      expect(await refusalOf(h, verifyIpUpdate, on(officer, '2026-01-05'))).toBe(
        'INVALID_TRANSITION',
      );
      expect(await refusalOf(h, submitUpdate, on(officer, '2026-1-5'))).toBe('INVALID_DATE');
      await send(h, submitUpdate, on(officer, '2026-01-05'));
      await send(h, verifyIpUpdate, on(officer, '2026-01-05'));
      await send(h, requestValuationUpdate, { ...on(officer, '2026-01-06'), firmOrgId: 'VAL-A' });
      // 1,000,000 × 0.5 = 500,000 allowed; 600,000 asked.
      await send(h, submitValuationUpdate, {
        ...on(evaluator, '2026-01-08'),
        reportNumber: 'VR-1',
        method: 'MARKET',
        baseDate: '2026-01-07',
        validUntil: null,
        assets: [{ number: '2023100000001', value: '1000000.00' }],
      });
      const riskSharing = { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 };
      // The preparer holding an approver seat still may not approve their own case.
      expect(
        await refusalOf(h, approveCreditUpdate, {
          ...on({ ...approver, userId: officer.userId }, '2026-01-09'),
          riskSharing,
          note: null,
        }),
      ).toBe('FOUR_EYES_VIOLATION');
      expect(
        await refusalOf(h, approveCreditUpdate, {
          ...on(approver, '2026-01-09'),
          riskSharing,
          note: null,
        }),
      ).toBe('LTV_EXCEEDED');
      expect((await h.query(getCaseQuery)).status).toBe('VALUED');

      const failingNumber = env.newId('LC-IPF');
      const failing = await openCase(application(failingNumber));
      ipFindings.set(failingNumber, {
        ground: 'ANNUAL_FEE_UNPAID',
        message: 'annual fee unpaid',
      });
      await send(failing, submitUpdate, on(officer, '2026-01-05'));
      expect(await refusalOf(failing, verifyIpUpdate, on(officer, '2026-01-05'))).toBe(
        'ANNUAL_FEE_UNPAID',
      );
      const kept = await failing.query(getCaseQuery);
      expect(kept.status).toBe('SUBMITTED');
      expect(kept.ipCheck?.passed).toBe(false);
    });
  });

  it('fired every row of the case table and of the compensation-claim table', () => {
    expect([...fired].sort()).toEqual(Object.keys(CASE_TRANSITIONS).sort());
    expect([...claimEventsFired].sort()).toEqual(
      Object.keys(COMPENSATION_CLAIM_TRANSITIONS).sort(),
    );
    expect(claimMismatches).toEqual([]);
  });
});

/** The payoff of the loan on `valueDate`, computed by the domain as the workflow does. */
async function earlyPayoff(h: CaseHandle, valueDate: string): Promise<string> {
  const snapshot = await h.query(getCaseQuery);
  return earlySettlement(
    snapshot.schedule,
    snapshot.repayments,
    snapshot.application.annualRate,
    valueDate,
  ).payoff;
}
