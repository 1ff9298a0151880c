import { WorkflowNotFoundError } from '@temporalio/client';
import { disposalWorkflowId } from '../../../workflows/disposal/disposal.shared';
import { loanCaseWorkflowId } from '../../../workflows/loan-case/loan-case.shared';
import { subsidyClaimWorkflowId } from '../../../workflows/subsidy-claim/subsidy-claim.shared';
import { DomainError } from '../../domain/src/errors';
import { isDatabaseUnavailable, ProblemException, notFoundCodeFor, toProblem } from './problem';

describe('toProblem', () => {
  it.each([
    [loanCaseWorkflowId('IPL-2026-000001'), 'CASE_NOT_FOUND'],
    [disposalWorkflowId('IPL-2026-000001'), 'DISPOSAL_NOT_FOUND'],
    [subsidyClaimWorkflowId('SC-1'), 'CLAIM_NOT_FOUND'],
    ['close-of-business-ip-pledge-2026-01-15', 'CASE_NOT_FOUND'],
  ])('answers a missing workflow %s with 404 %s', (workflowId, code) => {
    const problem = toProblem(new WorkflowNotFoundError('not found', workflowId, undefined));
    expect(problem).toMatchObject({ status: 404, code });
    expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
    expect(notFoundCodeFor(workflowId)).toBe(code);
  });

  it('takes a ProblemException status from its code, unless the throw site overrides it', () => {
    expect(toProblem(new ProblemException('EXPORT_NOT_READY', 'not yet'))).toMatchObject({
      status: 409,
      code: 'EXPORT_NOT_READY',
      detail: 'not yet',
      detailZh: '导出文件尚未生成',
    });
    const lookup = new ProblemException('ASSET_NOT_FOUND', 'No asset', {
      status: 404,
      messageZh: '无此资产',
      extensions: { number: 'X' },
    });
    expect(toProblem(lookup)).toMatchObject({
      status: 404,
      code: 'ASSET_NOT_FOUND',
      detailZh: '无此资产',
      number: 'X',
    });
  });

  it('answers a domain error with its code and status', () => {
    expect(toProblem(new DomainError('ASSET_NOT_FOUND', 'refused'))).toMatchObject({
      status: 422,
      code: 'ASSET_NOT_FOUND',
    });
    expect(toProblem(new DomainError('INVALID_AMOUNT', 'bad'))).toMatchObject({ status: 400 });
  });
});

describe('a database that is away', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  const wrapped = (driverError: Error) =>
    Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
  const released = Object.assign(new Error('Query runner already released'), {
    name: 'QueryRunnerAlreadyReleasedError',
  });

  it.each([
    ['connection refused', withCode('ECONNREFUSED')],
    // Node 20 tries ::1 and 127.0.0.1 and reports both in an AggregateError.
    ['refused on every address', new AggregateError([withCode('ECONNREFUSED')], '')],
    ['admin_shutdown through TypeORM', wrapped(withCode('57P01', 'terminating connection'))],
    ['cannot_connect_now', withCode('57P03', 'the database system is starting up')],
    ['connection_failure', withCode('08006')],
    ['pg: connection ended', new Error('Connection terminated unexpectedly')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    ['TypeORM: its connection is gone', released],
    ['as the cause of another error', new Error('step failed', { cause: withCode('57P01') })],
  ])('%s answers 503 SERVICE_UNAVAILABLE with a retry delay', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(problem.retryAfterSeconds).toBeGreaterThan(0);
    expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['a unique violation', wrapped(withCode('23505', 'duplicate key'))],
    ['a syntax error', wrapped(withCode('42601', 'syntax error'))],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s stays a 500', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toProblem(error).status).toBe(500);
  });
});
