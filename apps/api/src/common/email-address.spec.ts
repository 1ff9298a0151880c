import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { IsEmailAddress } from './validation';

class Contact {
  @IsEmailAddress()
  email!: unknown;
}

const refusals = (email: unknown) => {
  const contact = new Contact();
  contact.email = email;
  return validateSync(contact).flatMap((error) => Object.keys(error.constraints ?? {}));
};

describe('IsEmailAddress', () => {
  it('accepts an address and refuses what is not one', () => {
    expect(refusals('finance@example.cn')).toEqual([]);
    for (const bad of ['x@y', 'finance', 42, ['a@b.cn'], null])
      expect(refusals(bad)).toEqual(['isEmailAddress']);
  });

  it('refuses a lone surrogate instead of throwing (isEmail runs encodeURI)', () => {
    expect(refusals('ACME\udfffLTD@example.cn')).toEqual(['isEmailAddress']);
    expect(refusals('\ud800@example.cn')).toEqual(['isEmailAddress']);
  });
});
