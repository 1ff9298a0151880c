import { DomainError, ErrorCodes } from '.';

describe('DomainError', () => {
  it('carries a stable code, details and an optional Chinese message', () => {
    const err = new DomainError(ErrorCodes.INVALID_RATE, 'bad rate', { value: '3%' }, '利率无效');
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: 'DomainError',
      code: 'INVALID_RATE',
      message: 'bad rate',
      details: { value: '3%' },
      messageZh: '利率无效',
    });
  });

  it('defaults details to an empty object', () => {
    expect(new DomainError('INVALID_AMOUNT', 'm').details).toEqual({});
  });

  it('maps every code to itself so codes can be compared as strings', () => {
    for (const [key, value] of Object.entries(ErrorCodes)) expect(value).toBe(key);
  });
});
