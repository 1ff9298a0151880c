import { inputFlaw, MAX_INPUT_DEPTH, mediaTypeRefusal } from './request-hygiene';
import { DATE_PATTERN } from './validation';

describe('inputFlaw', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { next: nested(depth - 1) });

  it.each([
    ['a plain form', { amount: '100.00', reason: 'line one\nline two\ttabbed\r\n' }],
    ['arrays of objects', { assets: [{ number: 'ZL201410362077.3' }] }],
    ['the deepest nesting allowed', nested(MAX_INPUT_DEPTH)],
    ['numbers, booleans and null', { n: 1, b: false, z: null }],
  ])('accepts %s', (_label, value) => {
    expect(inputFlaw(value, 'body')).toBeNull();
  });

  it.each([
    ['NUL in a string', { title: 'a\u0000b' }, 'CONTROL_CHARACTER_IN_INPUT', 'body.title'],
    ['an escape character', { title: '\u001b[31m' }, 'CONTROL_CHARACTER_IN_INPUT', 'body.title'],
    ['DEL', { title: 'x\u007f' }, 'CONTROL_CHARACTER_IN_INPUT', 'body.title'],
    ['a C1 control', { title: 'x\u0085' }, 'CONTROL_CHARACTER_IN_INPUT', 'body.title'],
    [
      'a control character in an array',
      { list: ['ok', 'b\u0007'] },
      'CONTROL_CHARACTER_IN_INPUT',
      'body.list[1]',
    ],
    ['nesting one level too deep', nested(MAX_INPUT_DEPTH + 1), 'INPUT_TOO_DEEP', undefined],
    [
      '__proto__',
      JSON.parse('{"a":{"__proto__":{"admin":true}}}'),
      'VALIDATION_FAILED',
      'body.a.__proto__',
    ],
    ['constructor', { constructor: { prototype: {} } }, 'VALIDATION_FAILED', 'body.constructor'],
    ['prototype', { prototype: 1 }, 'VALIDATION_FAILED', 'body.prototype'],
  ])('refuses %s', (_label, value, code, field) => {
    const flaw = inputFlaw(value, 'body');
    expect(flaw?.code).toBe(code);
    if (field) expect(flaw?.field).toBe(field);
  });
});

describe('mediaTypeRefusal', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="UTF-8"',
    'text/csv',
    'text/csv; charset=utf-8',
  ])('accepts %s', (type) => {
    expect(mediaTypeRefusal(type)).toBeNull();
  });

  it.each([
    undefined,
    '',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    'text/csv; charset=gbk',
  ])('refuses %s', (type) => {
    expect(mediaTypeRefusal(type)?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('DATE_PATTERN', () => {
  /** What the calendar says, independently of the pattern: the date survives a round trip. */
  function exists(text: string): boolean {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    date.setUTCFullYear(y);
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  it('matches exactly the dates that exist, 1896 to 2104 (every leap-year rule)', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    // The disagreements are collected and compared once: 77,748 expect calls took half a minute.
    const disagreements: string[] = [];
    let checked = 0;
    for (let year = 1896; year <= 2104; year++)
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= 31; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          if (DATE_PATTERN.test(text) !== exists(text)) disagreements.push(text);
          checked++;
        }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(209 * 12 * 31);
  });

  it.each([
    '2026-2-3',
    '2026-00-10',
    '2026-13-01',
    '2026-01-00',
    '20260101',
    ' 2026-01-01',
    '2026-01-01T00:00',
  ])('refuses the malformed %p', (text) => {
    expect(DATE_PATTERN.test(text)).toBe(false);
  });
});
