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
