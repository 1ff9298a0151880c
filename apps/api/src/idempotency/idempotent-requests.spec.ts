import { fingerprintOf } from './idempotent-requests';

describe('fingerprintOf (the body hash a reused Idempotency-Key is checked against)', () => {
  const body = { caseNumber: 'BANK-SHCB-2026-0001', fromInstalment: 1, proofs: ['A', 'B'] };

  it.each([
    // Members in another order: the same JSON body as far as the API reads it.
    [
      'members reordered',
      { proofs: ['A', 'B'], fromInstalment: 1, caseNumber: 'BANK-SHCB-2026-0001' },
    ],
    // An absent optional member and one set to undefined are the same request.
    ['an undefined member', { ...body, districtCode: undefined }],
    [
      'nested members reordered',
      { ...body, extra: { b: 1, a: 2 } },
      { ...body, extra: { a: 2, b: 1 } },
    ],
  ])('is the same for %s', (_name, other, base: object = body) => {
    expect(fingerprintOf(other)).toBe(fingerprintOf(base));
  });

  it.each([
    ['another value', { ...body, fromInstalment: 2 }],
    // Proofs in another order are another list.
    ['array items reordered', { ...body, proofs: ['B', 'A'] }],
    ['a member added', { ...body, districtCode: '310115' }],
    ['a number sent as text', { ...body, fromInstalment: '1' }],
    ['null for a member', { ...body, proofs: null }],
  ])('differs for %s', (_name, other) => {
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(body));
  });
});
