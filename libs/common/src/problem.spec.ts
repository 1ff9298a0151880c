import { WorkflowNotFoundError } from '@temporalio/client';
import { disposalWorkflowId } from '../../../workflows/disposal/disposal.shared';
import { loanCaseWorkflowId } from '../../../workflows/loan-case/loan-case.shared';
import { subsidyClaimWorkflowId } from '../../../workflows/subsidy-claim/subsidy-claim.shared';
import { DomainError } from '../../domain/src/errors';
import { ProblemException, notFoundCodeFor, toProblem } from './problem';

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
