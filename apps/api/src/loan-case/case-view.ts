import type { CaseSnapshot } from '../../../../libs/domain/src/loan-case/loan-case.types';

/** The case as the API shows it: the snapshot regrouped for a reader. */
export function caseView(snapshot: CaseSnapshot) {
  const app = snapshot.application;
  const position = snapshot.position;
  const latestValuation = snapshot.valuations[snapshot.valuations.length - 1] ?? null;
  const accepted = [...snapshot.filings].reverse().find((f) => f.outcome === 'ACCEPTED') ?? null;
  return {
    caseNumber: snapshot.caseNumber,
    workflowId: snapshot.workflowId,
    status: snapshot.status,
    version: snapshot.version,
    businessDate: snapshot.businessDate,
    bankOrgId: app.bankOrgId,
    bankReference: app.bankReference,
    product: app.product,
    enterprise: app.enterprise,
    loan: {
      amount: app.amount,
      termMonths: app.termMonths,
      annualRate: app.annualRate,
      repaymentMethod: app.repaymentMethod,
      paymentFrequencyMonths: app.paymentFrequencyMonths,
    },
    preparer: { userId: app.preparer.userId, username: app.preparer.username },
    owner: snapshot.owner ?? {
      userId: app.preparer.userId,
      username: app.preparer.username,
      since: app.applicationDate,
      assignedBy: null,
    },
    applicationDate: app.applicationDate,
    assets: app.assets.map((asset) => ({
      ...asset,
      check: snapshot.ipCheck?.assets.find((a) => a.number === asset.number) ?? null,
    })),
    ipCheck: snapshot.ipCheck,
    valuation: {
      latest: latestValuation,
      history: snapshot.valuations,
      request: snapshot.valuationRequest,
    },
    approval: snapshot.approval,
    contract: snapshot.contract,
    registration: { current: accepted, filings: snapshot.filings },
    disbursement: snapshot.disbursement,
    schedule: snapshot.schedule.map((row) => {
      const p = position?.instalments.find((i) => i.seq === row.seq);
      return {
        ...row,
        principalPaid: p?.principalPaid ?? '0.00',
        interestPaid: p?.interestPaid ?? '0.00',
        settledOn: p?.settledOn ?? null,
      };
    }),
    repayments: snapshot.repayments,
    outstandingPrincipal: position?.outstandingPrincipal ?? null,
    arrears: position?.arrears ?? null,
    daysPastDue: position?.daysPastDue ?? 0,
    nextDueDate: position?.nextDueDate ?? null,
    release: snapshot.release,
    closure: snapshot.closure,
    delinquency: snapshot.delinquency ?? null,
    default: snapshot.default ?? null,
    defaultProposal: snapshot.defaultProposal ?? null,
    compensationClaims: snapshot.claims ?? [],
    disposal: snapshot.disposal ?? null,
    settlement: snapshot.settlement ?? null,
  };
}

// --- The enterprise's view ---------------------------------------------------------------------
//
// The borrower sees its own case without the bank's internal notes, the risk split or the
// approver's comment. Each view below is an explicit allow-list: a field added to the case later
// stays hidden from the enterprise until it is listed here on purpose.

type CaseView = ReturnType<typeof caseView>;

/** The case as its enterprise sees it: the loan, its assets, schedule and milestones. */
export function enterpriseCaseView(snapshot: CaseSnapshot) {
  const full: CaseView = caseView(snapshot);
  const latest = full.valuation.latest;
  return {
    caseNumber: full.caseNumber,
    status: full.status,
    businessDate: full.businessDate,
    bankOrgId: full.bankOrgId,
    bankReference: full.bankReference,
    product: { code: full.product.code, name: full.product.name },
    enterprise: {
      uscc: full.enterprise.uscc,
      name: full.enterprise.name,
      districtCode: full.enterprise.districtCode,
    },
    loan: full.loan,
    applicationDate: full.applicationDate,
    assets: full.assets.map((asset) => ({
      kind: asset.kind,
      number: asset.number,
      check: asset.check && { passed: asset.check.passed, findings: asset.check.findings },
    })),
    valuation: {
      latest: latest && {
        reportNumber: latest.reportNumber,
        firmOrgId: latest.firmOrgId,
        method: latest.method,
        baseDate: latest.baseDate,
        validUntil: latest.validUntil,
        assets: latest.assets,
        totalValue: latest.totalValue,
        submittedOn: latest.submittedOn,
      },
    },
    approval: full.approval && { approvedOn: full.approval.approvedOn },
    contract: full.contract,
    registration: {
      current: full.registration.current && {
        registrationNumber: full.registration.current.registrationNumber,
        registeredOn: full.registration.current.registeredOn,
      },
      filings: full.registration.filings.map((f) => ({
        filingNumber: f.filingNumber,
        filedOn: f.filedOn,
        outcome: f.outcome,
        registrationNumber: f.registrationNumber,
        registeredOn: f.registeredOn,
        refusalReason: f.refusalReason,
      })),
    },
    disbursement: full.disbursement && {
      amount: full.disbursement.amount,
      valueDate: full.disbursement.valueDate,
    },
    schedule: full.schedule,
    repayments: full.repayments.map((r) => ({
      reference: r.reference,
      valueDate: r.valueDate,
      amount: r.amount,
    })),
    outstandingPrincipal: full.outstandingPrincipal,
    arrears: full.arrears,
    daysPastDue: full.daysPastDue,
    nextDueDate: full.nextDueDate,
    release: full.release,
    closure: full.closure && { kind: full.closure.kind, on: full.closure.on },
    delinquency: full.delinquency && {
      bucket: full.delinquency.bucket,
      since: full.delinquency.since,
    },
    default: full.default && {
      kind: full.default.kind,
      on: full.default.on,
      daysPastDue: full.default.daysPastDue,
      principalOutstanding: full.default.principalOutstanding,
      interestOutstanding: full.default.interestOutstanding,
    },
    disposal: full.disposal && {
      startedOn: full.disposal.startedOn,
      outcome: full.disposal.outcome && {
        kind: full.disposal.outcome.kind,
        method: full.disposal.outcome.method,
        proceeds: full.disposal.outcome.proceeds,
        on: full.disposal.outcome.on,
      },
    },
    settlement: full.settlement && { settledOn: full.settlement.settledOn },
  };
}

/**
 * A row of the case list as its enterprise sees it: its loan's figures, not the bank's staff
 * (owner) nor the bank's internal reference.
 */
export function enterpriseListRow(row: {
  caseNumber: string;
  status: string;
  bankOrgId: string;
  districtCode: string;
  enterpriseUscc: string;
  enterpriseName: string;
  amount: string;
  termMonths: number;
  applicationDate: string;
  createdAt: string;
  updatedAt: string;
  nextDueDate: string | null;
  daysPastDue: number;
  outstandingPrincipal: string;
  arrears: string;
  productCode: string;
}) {
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    bankOrgId: row.bankOrgId,
    districtCode: row.districtCode,
    enterpriseUscc: row.enterpriseUscc,
    enterpriseName: row.enterpriseName,
    amount: row.amount,
    termMonths: row.termMonths,
    applicationDate: row.applicationDate,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    nextDueDate: row.nextDueDate,
    daysPastDue: row.daysPastDue,
    outstandingPrincipal: row.outstandingPrincipal,
    arrears: row.arrears,
    productCode: row.productCode,
  };
}

/**
 * A history entry (case or disposal timeline) as the enterprise sees it: what happened and when,
 * without the payload (notes, reasons, loss shares) or who at the bank did it.
 */
export function enterpriseHistoryEntry(entry: {
  seq: number;
  event: string;
  fromStatus?: string | null;
  toStatus?: string;
  businessDate: string;
  occurredAt: string;
}) {
  return {
    seq: entry.seq,
    event: entry.event,
    ...(entry.toStatus !== undefined
      ? { fromStatus: entry.fromStatus ?? null, toStatus: entry.toStatus }
      : {}),
    businessDate: entry.businessDate,
    occurredAt: entry.occurredAt,
  };
}
