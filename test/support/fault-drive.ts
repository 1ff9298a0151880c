/**
 * Cases driven through the API while a fault strikes, as a patient client would: a step answered
 * 5xx is sent again; a refusal of a step sent again counts as done when the case shows the first
 * attempt took effect. It keeps what the fault reports need: answers by status, steps in flight,
 * steps sent again.
 */
import type request from 'supertest';
import {
  expectOk,
  getCase,
  RISK_SHARING,
  USERS,
  VALUATION_FIRM,
  type Json,
  type OpenedCase,
} from './case-flows';
import type { TestSystem } from './test-system';

export class FaultDriver {
  readonly answers = new Map<number, number>();
  /** The problems of the 5xx answers, by "status code title", with how often each came. */
  readonly failures = new Map<string, number>();
  inFlight = 0;
  done = 0;
  retried = 0;

  constructor(private readonly system: TestSystem) {}

  /** Sends a step until it is answered 2xx, or refused after a retry with `reached` true. */
  async step(
    caseNumber: string,
    send: () => PromiseLike<request.Response>,
    reached: (view: Json) => boolean,
  ): Promise<Json> {
    for (let again = false; ; again = true) {
      this.inFlight += 1;
      let res: request.Response;
      try {
        res = await send();
      } finally {
        this.inFlight -= 1;
      }
      this.answers.set(res.status, (this.answers.get(res.status) ?? 0) + 1);
      if (again) this.retried += 1;
      if (res.status >= 500) {
        const problem = `${res.status} ${res.body?.code ?? ''} ${res.body?.title ?? ''}`.trim();
        this.failures.set(problem, (this.failures.get(problem) ?? 0) + 1);
      }
      if (res.status === 200 || res.status === 201) {
        this.done += 1;
        return res.body;
      }
      if (res.status < 500 && again) {
        const view = await getCase(this.system, caseNumber);
        if (reached(view)) {
          this.done += 1;
          return view;
        }
      }
      if (res.status < 500) expectOk(res, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Answers received so far, whatever their status. */
  get answered(): number {
    return [...this.answers.values()].reduce((a, b) => a + b, 0);
  }

  /** "200×52, 500×3": the answers the steps got, by status. */
  answersByStatus(): string {
    return [...this.answers.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(', ');
  }

  /** "500 INTERNAL_ERROR Internal Server Error×3": the 5xx answers' problems. */
  failuresByProblem(): string {
    return [...this.failures.entries()].map(([p, n]) => `${p}×${n}`).join(', ') || 'none';
  }

  /** Drives an opened (DRAFT) case to its disbursement on `on`; answers the ACTIVE view. */
  async driveToDisbursement({ caseNumber, request: body }: OpenedCase, on: string): Promise<Json> {
    const [officer, evaluator, approver, clerk] = await Promise.all(
      [USERS.officer, USERS.evaluator, USERS.approver, USERS.clerk].map((u) => this.system.as(u)),
    );
    const ref = body.bankReference;
    const path = (p: string) => `/api/v1/cases/${caseNumber}${p}`;
    const at = (status: string) => (view: Json) => view.status === status;
    const steps: [() => PromiseLike<request.Response>, (view: Json) => boolean][] = [
      [() => officer!.post(path('/submit')), at('SUBMITTED')],
      [() => officer!.post(path('/verify-ip')), at('VERIFIED')],
      [
        () => officer!.post(path('/valuation-request'), { firmOrgId: VALUATION_FIRM }),
        at('VALUATION'),
      ],
      [
        () =>
          evaluator!.post(path('/valuation-report'), {
            reportNumber: `VR-${ref}`,
            method: 'INCOME',
            baseDate: on,
            assets: body.assets.map((a) => ({ number: a.number, value: '5000000.00' })),
          }),
        at('VALUED'),
      ],
      [
        () => approver!.post(path('/credit-approval'), { riskSharing: RISK_SHARING }),
        at('APPROVED'),
      ],
      [
        () =>
          officer!.post(path('/contract'), {
            loanContractNumber: `LC-${ref}`,
            pledgeContractNumber: `PC-${ref}`,
            signedOn: on,
            forfeitureClause: false,
          }),
        at('CONTRACTED'),
      ],
      [() => officer!.post(path('/registration')), at('REGISTERING')],
      [
        () =>
          clerk!.post(path('/registration/accept'), {
            registrationNumber: `RG-${ref}`,
            registeredOn: on,
          }),
        at('REGISTERED'),
      ],
      [
        () => officer!.post(path('/disbursement'), { reference: `DB-${ref}`, valueDate: on }),
        (view) => view.disbursement?.reference === `DB-${ref}`,
      ],
    ];
    let view: Json = null;
    for (const [send, reached] of steps) view = await this.step(caseNumber, send, reached);
    return view;
  }
}
