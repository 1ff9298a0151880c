import { DomainError } from '../errors';
import { checkTopUpAmount, checkTopUpApprover, checkTopUpPending } from './top-up.rules';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('top-up rules', () => {
  it.each([
    // amount, refusal (null: allowed)
    ['0.01', null], // the smallest top-up
    ['100000000.00', null], // exactly the maximum
    ['100000000.01', 'TOP_UP_ABOVE_MAXIMUM'], // one fen above it
    ['0.00', 'INVALID_AMOUNT'],
  ])('amount %s → %s', (amount, code) => {
    expect(codeOf(() => checkTopUpAmount(amount))).toBe(code);
  });

  it('refuses the proposer approving its own top-up', () => {
    expect(codeOf(() => checkTopUpApprover('u1', 'u1'))).toBe('TOP_UP_SELF_APPROVAL');
    expect(codeOf(() => checkTopUpApprover('u1', 'u2'))).toBeNull();
  });

  it('decides only a pending proposal', () => {
    expect(codeOf(() => checkTopUpPending('1', 'PROPOSED'))).toBeNull();
    expect(codeOf(() => checkTopUpPending('1', 'APPROVED'))).toBe('TOP_UP_NOT_PROPOSED');
  });
});
