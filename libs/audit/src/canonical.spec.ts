import { createHash } from 'node:crypto';
import {
  auditChainTemplate,
  auditEntryHash,
  canonicalJson,
  GENESIS_HASH,
  normaliseJson,
  redactSecrets,
  type HashedAuditFields,
} from './canonical';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    // Numbers exactly as JSON.stringify writes them (RFC 8785 uses the same ES algorithm).
    ['integers and decimals', [0, -1, 1.5, 100], '[0,-1,1.5,100]'],
    ['large and tiny numbers', [1e21, 1.5e-7], '[1e+21,1.5e-7]'],
    ['keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    // Upper case sorts before lower case: UTF-16 code unit order, not locale order.
    ['code unit order', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    [
      'nested objects sorted at every depth',
      { z: { y: 1, x: { w: 2, v: 3 } } },
      '{"z":{"x":{"v":3,"w":2},"y":1}}',
    ],
    ['arrays keep their order', [3, 1, 2], '[3,1,2]'],
    ['objects inside arrays sorted', [{ b: 1, a: 2 }], '[{"a":2,"b":1}]'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
    ['null members kept', { a: null }, '{"a":null}'],
    // Non-ASCII text stays literal (hashed as UTF-8); quotes, backslashes and controls escape.
    ['unicode literal', { 名称: '知识产权质押' }, '{"名称":"知识产权质押"}'],
    ['astral characters literal', '𝄞', '"𝄞"'],
    ['escapes', 'a"b\\c\n\u0001', '"a\\"b\\\\c\\n\\u0001"'],
    ['no whitespace added', { a: [1, { b: 'x y' }] }, '{"a":[1,{"b":"x y"}]}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { subject: { id: 'A', type: 'CASE' }, seq: 1 };
    const two = { seq: 1, subject: { type: 'CASE', id: 'A' } };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['undefined member', { a: undefined }],
    ['NaN', NaN],
    ['Infinity', [Infinity]],
    ['bigint', 1n],
    ['a Date (normalise first)', new Date(0)],
    ['a function', () => 1],
  ])('refuses %s instead of dropping it', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

describe('normaliseJson', () => {
  it.each<[string, unknown, unknown]>([
    ['drops undefined members', { a: 1, b: undefined }, { a: 1 }],
    [
      'dates become ISO text',
      { at: new Date('2026-01-15T00:00:00Z') },
      { at: '2026-01-15T00:00:00.000Z' },
    ],
    ['bigint becomes decimal text', { fen: 123n }, { fen: '123' }],
    // jsonb refuses U+0000 and unpaired surrogates; both become U+FFFD, in keys too.
    ['NUL replaced', { 'k\u0000': 'a\u0000b' }, { 'k\uFFFD': 'a\uFFFDb' }],
    ['lone surrogate replaced', ['x\uD800y', '\uDC00'], ['x\uFFFDy', '\uFFFD']],
    ['surrogate pairs kept', '𝄞', '𝄞'],
    ['null stays null', null, null],
  ])('%s', (_name, value, expected) => {
    expect(normaliseJson(value)).toEqual(expected);
  });

  it('keeps a member named __proto__ as data (client input cannot hide from the log)', () => {
    const input = JSON.parse('{"__proto__":{"admin":true},"b":1}') as unknown;
    const normalised = normaliseJson(input);
    expect(canonicalJson(normalised)).toBe('{"__proto__":{"admin":true},"b":1}');
    expect(JSON.stringify(normalised)).toBe('{"__proto__":{"admin":true},"b":1}');
    expect(canonicalJson(redactSecrets(normalised))).toBe('{"__proto__":{"admin":true},"b":1}');
  });
});

describe('auditEntryHash', () => {
  const fields: HashedAuditFields = {
    seq: 1,
    occurredAt: '2026-01-15T08:00:00.000Z',
    actor: null,
    action: 'TEST',
    subjectType: 'CASE',
    subjectId: 'X',
    payload: { b: 1, a: '中' },
    sourceKey: null,
    prevHash: GENESIS_HASH,
  };

  it('is SHA-256 over the canonical JSON of the hashed fields', () => {
    // Computed outside this code base:
    // printf '%s' '{"action":"TEST","actor":null,"occurredAt":"2026-01-15T08:00:00.000Z",
    //   "payload":{"a":"中","b":1},"prevHash":"000…000","seq":1,"sourceKey":null,
    //   "subjectId":"X","subjectType":"CASE"}' | sha256sum
    expect(auditEntryHash(fields)).toBe(
      '9117ddc2f8d0ae7e23cda434a52e7272e4ec1c420dc3f33b63081283d9e644d6',
    );
  });

  it.each<[string, Partial<HashedAuditFields>]>([
    ['seq', { seq: 2 }],
    ['occurredAt', { occurredAt: '2026-01-15T08:00:00.001Z' }],
    [
      'actor',
      { actor: { userId: 'u', username: 'u', role: 'ADMINISTRATOR', organisationId: 'o' } },
    ],
    ['action', { action: 'TEST2' }],
    ['subjectType', { subjectType: 'ASSET' }],
    ['subjectId', { subjectId: 'Y' }],
    ['payload value', { payload: { b: 2, a: '中' } }],
    ['payload nested member', { payload: { b: 1, a: '中', c: { d: null } } }],
    ['sourceKey', { sourceKey: 'k' }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ])('changes when %s changes', (_name, change) => {
    expect(auditEntryHash({ ...fields, ...change })).not.toBe(auditEntryHash(fields));
  });

  it('ignores anything but the hashed fields and their key order', () => {
    const reordered = { ...fields, payload: { a: '中', b: 1 }, extra: 'not hashed' };
    expect(auditEntryHash(reordered as HashedAuditFields)).toBe(auditEntryHash(fields));
  });
});

describe('auditChainTemplate', () => {
  const chained = (head: string, prevHash: string, seq: number, tail: string): string =>
    createHash('sha256').update(`${head}${prevHash}","seq":${seq}${tail}`, 'utf8').digest('hex');

  it.each<[string, Omit<HashedAuditFields, 'seq' | 'prevHash'>]>([
    [
      'a system entry',
      {
        occurredAt: '2026-01-15T08:00:00.000Z',
        actor: null,
        action: 'TEST',
        subjectType: 'CASE',
        subjectId: 'X',
        payload: { b: 1, a: '中' },
        sourceKey: null,
      },
    ],
    [
      // The payload sorts before the chain fields and holds their very text: the template
      // must split at the entry's own fields, not the payload's.
      'a payload that imitates the chain fields',
      {
        occurredAt: '2026-01-15T08:00:00.001Z',
        actor: { userId: 'u', username: 'u"1', role: 'ADMINISTRATOR', organisationId: 'o' },
        action: 'API_REQUEST',
        subjectType: 'CASE',
        subjectId: '"prevHash":"x","seq":0,',
        payload: { nested: { prevHash: GENESIS_HASH, seq: 0, sourceKey: 'k' } },
        sourceKey: 'api-request:u:1',
      },
    ],
  ])('gives the hash of %s with any chain fields filled in', (_name, fields) => {
    const { head, tail } = auditChainTemplate(fields);
    for (const [seq, prevHash] of [
      [1, GENESIS_HASH],
      [90071992547, 'f'.repeat(64)],
    ] as const)
      expect(chained(head, prevHash, seq, tail)).toBe(auditEntryHash({ ...fields, seq, prevHash }));
  });
});

describe('redactSecrets', () => {
  it('blanks secret-looking members at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        username: 'officer.shcb',
        password: 'p',
        nested: { accessToken: 't', clientSecret: 's', Authorization: 'Bearer x', amount: '1.00' },
        list: [{ apiKey: 'k', passed: true }],
      }),
    ).toEqual({
      username: 'officer.shcb',
      password: '[REDACTED]',
      nested: {
        accessToken: '[REDACTED]',
        clientSecret: '[REDACTED]',
        Authorization: '[REDACTED]',
        amount: '1.00',
      },
      list: [{ apiKey: '[REDACTED]', passed: true }],
    });
  });
});
