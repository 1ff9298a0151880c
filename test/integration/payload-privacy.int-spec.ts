import { Client, Connection } from '@temporalio/client';
import {
  CASE_SEARCH_ATTRIBUTES,
  loanCaseWorkflowId,
} from '../../workflows/loan-case/loan-case.shared';
import { act, openCase, withDb } from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

/**
 * The Temporal frontend and Web UI are operations tools: what a case's workflow carries is seen
 * by whoever runs them. A person's identity number stays in the enterprise register; the
 * search attributes name the case, its status, district, bank and the firm's USCC, never a
 * person.
 */
describe('workflow payloads carry no more personal data than needed', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it("keeps the legal representative's identity number out of a case's history and search attributes", async () => {
    const { caseNumber, request } = await openCase(system);
    await act(system, caseNumber, '/submit');
    const representative = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            'SELECT legal_rep_name AS name, legal_rep_id_number AS "idNumber" FROM enterprise WHERE uscc = $1',
            [request.enterprise.uscc],
          )
        ).rows[0] as { name: string; idNumber: string },
    );
    expect(representative.idNumber).toMatch(/^\d{17}[\dX]$/);

    const connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
    try {
      const handle = new Client({ connection }).workflow.getHandle(loanCaseWorkflowId(caseNumber));
      const history = JSON.stringify(await handle.fetchHistory());
      // Payloads are base64 in the history: look for the number in both forms.
      const decoded = history.replace(/"data":"([A-Za-z0-9+/=]+)"/g, (_m, data: string) =>
        Buffer.from(data, 'base64').toString('utf8'),
      );
      expect(decoded).toContain(caseNumber);
      expect(decoded).not.toContain(representative.idNumber);

      const attributes = (await handle.describe()).searchAttributes;
      expect(Object.keys(attributes).sort()).toEqual(
        expect.arrayContaining(Object.values(CASE_SEARCH_ATTRIBUTES).map((a) => a.name)),
      );
      const values = JSON.stringify(attributes);
      expect(values).not.toContain(representative.idNumber);
      expect(values).not.toContain(representative.name);
    } finally {
      await connection.close();
    }
  });
});
