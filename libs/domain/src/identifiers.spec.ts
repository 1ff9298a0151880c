import {
  patentCheckCharacter,
  patentKindOf,
  residentIdCheckCharacter,
  usccShanghaiDistrictOf,
  usccCheckCharacter,
  validateIdentifier,
  validateResidentId,
  validatePatentApplication,
  validateSoftwareCopyright,
  validateTrademark,
  validateUscc,
  type IdentifierKind,
} from './identifiers';

const OK = (normalized: string) => ({ valid: true, normalized, reason: null, severity: 'OK' });
const ERROR = (reason: string) => ({ valid: false, normalized: null, reason, severity: 'ERROR' });

describe('validateUscc', () => {
  it.each([
    ['91350200776049653A', OK('91350200776049653A')], // the GB 32100 example
    ['  91350200776049653a ', OK('91350200776049653A')], // trimmed and upper-cased
    ['91310101MA1FL8XQF0', OK('91310101MA1FL8XQF0')], // 31 − 0 = 31 is written 0
    ['91310101MA1FL8XQRY', OK('91310101MA1FL8XQRY')], // check value 30 is the last letter Y
    // Wrong check character: legal early codes exist, so only a WARNING, and it keeps the
    // normalized value for the explicit confirmation step.
    [
      '91350200776049653B',
      {
        valid: false,
        normalized: '91350200776049653B',
        reason: 'USCC_CHECK_CHARACTER_MISMATCH',
        severity: 'WARNING',
      },
    ],
    ['9135020077604965A', ERROR('USCC_LENGTH')], // 17 characters
    ['91350200776049653AA', ERROR('USCC_LENGTH')], // 19 characters
    ['', ERROR('USCC_LENGTH')],
    ['91350200776049653I', ERROR('USCC_INVALID_CHARACTER')], // I is not in the alphabet
    ['9135020077604965OA', ERROR('USCC_INVALID_CHARACTER')], // nor O
    ['913502007760496S3A', ERROR('USCC_INVALID_CHARACTER')], // nor S
    ['91350200-76049653A', ERROR('USCC_INVALID_CHARACTER')],
  ])('%j', (value, expected) => {
    expect(validateUscc(value)).toEqual(expected);
  });

  it.each([
    ['91350200776049653', 'A'],
    ['91310101MA1FL8XQF', '0'],
    ['91310101ma1fl8xqr', 'Y'], // lower case accepted
  ])('usccCheckCharacter(%s) = %s', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });

  it.each([['9135020077604965'], ['9135020077604965I']])(
    'usccCheckCharacter rejects %j',
    (first17) => {
      expect(() => usccCheckCharacter(first17)).toThrow(
        expect.objectContaining({ code: 'INVALID_IDENTIFIER' }),
      );
    },
  );
});

describe('validatePatentApplication', () => {
  it.each([
    ['201410362077.3', OK('201410362077.3')], // worked example: sum 179 mod 11 = 3
    ['201210343937.X', OK('201210343937.X')], // remainder 10 is written X
    ['201210343937.x', OK('201210343937.X')], // lower-case x
    ['ZL201410362077.3', OK('201410362077.3')], // patent number = ZL + application number
    ['ZL 2014 1 0362077.3', OK('201410362077.3')], // spaced as printed on certificates
    ['2014103620773', OK('201410362077.3')], // 13-character form without the dot
    ['CN201710601862.3', OK('201710601862.3')],
    ['97101765.4', OK('97101765.4')], // pre-2003 form: 8 digits, weights 2–9
    ['ZL95115608.X', OK('95115608.X')], // pre-2003 form with X (186 mod 11 = 10)
    ['951156 08X', OK('95115608.X')], // pre-2003, 9 characters without the dot
    ['201410362077.4', ERROR('PATENT_CHECK_CHARACTER_MISMATCH')], // ERROR, not a warning
    ['97101765.5', ERROR('PATENT_CHECK_CHARACTER_MISMATCH')],
    ['201450362077.3', ERROR('PATENT_INVALID_TYPE')], // type digit 5 does not exist
    ['201400362077.3', ERROR('PATENT_INVALID_TYPE')], // nor 0
    ['20141036207.3', ERROR('PATENT_FORMAT')], // 11 digits
    ['201410362077', ERROR('PATENT_FORMAT')], // no check character
    ['201410362077.A', ERROR('PATENT_FORMAT')], // check is 0-9 or X only
    ['201410362077..3', ERROR('PATENT_FORMAT')],
    ['CN102345678A', ERROR('PATENT_FORMAT')], // publication number, not an application
    ['', ERROR('PATENT_FORMAT')],
  ])('%j', (value, expected) => {
    expect(validatePatentApplication(value)).toEqual(expected);
  });

  it.each([
    ['201410362077', '3'],
    ['201210343937', 'X'],
    ['97101765', '4'],
    ['95115608', 'X'],
  ])('patentCheckCharacter(%s) = %s', (digits, check) => {
    expect(patentCheckCharacter(digits)).toBe(check);
  });

  it.each([['2014103620'], ['20141036207X'], ['']])('patentCheckCharacter rejects %j', (d) => {
    expect(() => patentCheckCharacter(d)).toThrow(
      expect.objectContaining({ code: 'INVALID_IDENTIFIER' }),
    );
  });

  it.each([
    ['201410362077.3', 'INVENTION'], // 5th digit 1
    ['201520000001.6', 'UTILITY_MODEL'], // 5th digit 2
    ['201530000001.1', 'DESIGN'], // 5th digit 3
    ['201580000001.9', 'INVENTION'], // 8: PCT invention entering the national phase
    ['201590000001.4', 'UTILITY_MODEL'], // 9: PCT utility model
    ['97101765.4', 'INVENTION'], // pre-2003: 3rd digit
    ['97201765.8', 'UTILITY_MODEL'],
    ['97301765.1', 'DESIGN'],
    ['201450362077.3', null], // unknown type digit
    ['2014103620773', null], // not normalized
  ])('patentKindOf(%s) = %s', (normalized, kind) => {
    expect(patentKindOf(normalized)).toBe(kind);
  });
});

describe('validateTrademark', () => {
  it.each([
    ['12345678', OK('12345678')],
    [' 7 ', OK('7')],
    ['1234567890', OK('1234567890')], // 10 digits: the maximum
    ['12345678901', ERROR('TRADEMARK_FORMAT')], // 11 digits
    ['01234567', ERROR('TRADEMARK_FORMAT')], // leading zero
    ['0', ERROR('TRADEMARK_FORMAT')],
    ['1234 5678', ERROR('TRADEMARK_FORMAT')],
    ['G1234567', ERROR('TRADEMARK_FORMAT')],
    ['', ERROR('TRADEMARK_FORMAT')],
  ])('%j', (value, expected) => {
    expect(validateTrademark(value)).toEqual(expected);
  });
});

describe('validateSoftwareCopyright', () => {
  it.each([
    ['2014SR001852', OK('2014SR001852')],
    ['2014sr001852', OK('2014SR001852')], // upper-cased
    [' 2021SR0123456 ', OK('2021SR0123456')], // 7-digit serial (later years)
    ['1990SR000001', OK('1990SR000001')], // lowest year accepted
    ['2099SR000001', OK('2099SR000001')], // highest year accepted
    ['1989SR000001', ERROR('SOFTWARE_COPYRIGHT_FORMAT')],
    ['2100SR000001', ERROR('SOFTWARE_COPYRIGHT_FORMAT')],
    ['2014SR01852', ERROR('SOFTWARE_COPYRIGHT_FORMAT')], // 5-digit serial
    ['2014SR00185200', ERROR('SOFTWARE_COPYRIGHT_FORMAT')], // 8-digit serial
    ['14SR001852', ERROR('SOFTWARE_COPYRIGHT_FORMAT')],
    ['软著登字第0123456号', ERROR('SOFTWARE_COPYRIGHT_FORMAT')], // certificate no., not registration no.
  ])('%j', (value, expected) => {
    expect(validateSoftwareCopyright(value)).toEqual(expected);
  });
});

describe('validateIdentifier', () => {
  it.each([
    ['USCC', '91350200776049653a', OK('91350200776049653A')],
    ['PATENT_APPLICATION', 'ZL201410362077.3', OK('201410362077.3')],
    ['TRADEMARK', '0123', ERROR('TRADEMARK_FORMAT')],
    ['SOFTWARE_COPYRIGHT', '2014sr001852', OK('2014SR001852')],
  ] as const)('dispatches %s', (kind, value, expected) => {
    expect(validateIdentifier(kind, value)).toEqual(expected);
  });

  it.each([['ISBN'], ['toString'], ['']])('throws for unknown kind %j', (kind) => {
    expect(() => validateIdentifier(kind as IdentifierKind, 'x')).toThrow(
      expect.objectContaining({ code: 'INVALID_IDENTIFIER_KIND' }),
    );
  });
});

describe('validateResidentId (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  // One number for every remainder of the weighted sum, so each row of the mapping
  // 0→1, 1→0, 2→X, 3→9, 4→8, 5→7, 6→6, 7→5, 8→4, 9→3, 10→2 is exercised once.
  it.each([
    [0, '310115199001011021'],
    [1, '310115199001011080'],
    [2, '31011519900101103X'],
    [3, '310115199001011099'],
    [4, '310115199001011048'],
    [5, '310115199001011187'],
    [6, '310115199001011056'],
    [7, '310115199001011005'],
    [8, '310115199001011064'],
    [9, '310115199001011013'],
    [10, '310115199001011072'],
  ])('sum mod 11 = %i: %s', (_remainder, value) => {
    expect(validateResidentId(value)).toEqual(OK(value));
    expect(residentIdCheckCharacter(value.slice(0, 17))).toBe(value.charAt(17));
  });

  it.each([
    ['11010519491231002X', OK('11010519491231002X')], // the standard's own example
    [' 11010519491231002x ', OK('11010519491231002X')], // trimmed, x read as X
    ['310116200002290044', OK('310116200002290044')], // 29 February of a leap year (2000)
    ['11010519491231002Y', ERROR('RESIDENT_ID_FORMAT')], // Y is no check character
    ['11010519491231002', ERROR('RESIDENT_ID_FORMAT')], // 17 characters
    ['1101051949123100212', ERROR('RESIDENT_ID_FORMAT')], // 19 characters
    ['110105194912310A2X', ERROR('RESIDENT_ID_FORMAT')], // a letter in the body
    ['110105490101002', ERROR('RESIDENT_ID_FORMAT')], // the old 15-digit form is not taken
    ['', ERROR('RESIDENT_ID_FORMAT')],
    ['310115199102290010', ERROR('RESIDENT_ID_BIRTH_DATE')], // 29 February 1991
    ['310115190002290010', ERROR('RESIDENT_ID_BIRTH_DATE')], // 1900 was not a leap year
    ['310115199013010010', ERROR('RESIDENT_ID_BIRTH_DATE')], // month 13
    ['310115189901010010', ERROR('RESIDENT_ID_BIRTH_DATE')], // before 1900
    ['110105194912310021', ERROR('RESIDENT_ID_CHECK_CHARACTER_MISMATCH')], // X expected
    ['310115199001011022', ERROR('RESIDENT_ID_CHECK_CHARACTER_MISMATCH')], // 1 expected
  ])('%j', (value, expected) => {
    expect(validateResidentId(value)).toEqual(expected);
  });

  it('refuses to compute a check character of anything but 17 digits', () => {
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow();
    expect(() => residentIdCheckCharacter('1101051949123100X')).toThrow();
  });
});

describe('usccShanghaiDistrictOf', () => {
  it.each([
    ['91310115MA1K3YJ12X', '310115'], // Pudong
    ['91310104MA1FL8QK33', '310104'], // Xuhui
    ['91350200776049653A', null], // Xiamen: not a Shanghai district, no check
    ['91310000MA1FL8QK33', null], // the municipality itself, not a district
    ['', null],
  ])('%j → %j', (uscc, expected) => {
    expect(usccShanghaiDistrictOf(uscc)).toBe(expected);
  });
});
