import { DomainError } from '../errors';
import { parsePolicyTerms, type SubsidyKind } from './subsidy-policy';

/**
 * Jinshan district, 2024 call (docs/domain.md, Subsidies): enterprise in the district, IP
 * securing ≥ 30 % of the credit, 50 % of the interest on the IP-secured portion counted at most
 * at the LPR at disbursement, for 6 months, at most 50,000 yuan, paid only after the principal
 * was repaid on time between 2023-07-01 and 2024-06-30, with the listed proofs.
 */
const JINSHAN_2024_INTEREST = {
  programme: 'JINSHAN-IP-INTEREST',
  eligibility: {
    registeredInDistrict: true,
    smeOnly: false,
    assetKinds: [],
    minIpShare: '0.3',
    performingOnly: true,
    firstPledgeOnly: false,
    excludesProgrammes: [],
  },
  lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
  ratio: '0.5',
  subsidisedMonths: 6,
  caps: { perLoan: null, perEnterprisePerYear: '50000', perEnterpriseCumulative: null },
  trigger: 'AFTER_SETTLEMENT',
  window: { repaidFrom: '2023-07-01', repaidTo: '2024-06-30' },
  requiredProofs: [
    'APPLICATION',
    'LOAN_CONTRACT',
    'PLEDGE_CONTRACT',
    'DISBURSEMENT_VOUCHER',
    'REPAYMENT_VOUCHER',
    'REGISTRATION_PROOF',
  ],
};

/** The same call's insurance or guarantee fee subsidy: 50 %, at most 50,000 yuan. */
const JINSHAN_2024_PREMIUM = {
  ...JINSHAN_2024_INTEREST,
  programme: 'JINSHAN-IP-PREMIUM',
  lprCap: null,
  subsidisedMonths: null,
  requiredProofs: ['APPLICATION', 'INSURANCE_POLICY', 'PREMIUM_VOUCHER'],
};

type Json = Record<string, unknown>;

/** A deep copy of `base` with `path` set to `value` (or removed when value is `REMOVE`). */
const REMOVE = Symbol('remove');
function withField(base: Json, path: string, value: unknown): Json {
  const copy = JSON.parse(JSON.stringify(base)) as Json;
  const keys = path.split('.');
  const last = keys.pop()!;
  let target = copy;
  for (const key of keys) target = target[key] as Json;
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return copy;
}

function refusal(kind: SubsidyKind, raw: unknown): { code: string; field: unknown } {
  try {
    parsePolicyTerms(kind, raw);
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.details.field };
    throw e;
  }
  throw new Error('expected INVALID_POLICY');
}

describe('parsePolicyTerms', () => {
  it('accepts the Jinshan 2024 interest policy and normalises the cap to two decimals', () => {
    expect(parsePolicyTerms('INTEREST', JINSHAN_2024_INTEREST)).toEqual({
      ...JINSHAN_2024_INTEREST,
      caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
    });
  });

  it('accepts the Jinshan 2024 premium policy (no LPR cap for a premium)', () => {
    const terms = parsePolicyTerms('INSURANCE_PREMIUM', JINSHAN_2024_PREMIUM);
    expect(terms.lprCap).toBeNull();
    expect(terms.ratio).toBe('0.5');
    expect(terms.caps.perEnterprisePerYear).toBe('50000.00');
  });

  it('accepts the shape of the other examples: Beijing 1.4 × LPR, Qingdao first pledge and SMEs only', () => {
    const beijing = withField(JINSHAN_2024_INTEREST, 'lprCap', {
      reference: 'CONTRACT_MONTH',
      tenor: 'ONE_YEAR',
      multiple: '1.4',
    });
    expect(parsePolicyTerms('INTEREST', beijing).lprCap?.multiple).toBe('1.4');
    const qingdao = withField(
      withField(
        withField(JINSHAN_2024_INTEREST, 'eligibility.firstPledgeOnly', true),
        'eligibility.smeOnly',
        true,
      ),
      'eligibility.assetKinds',
      ['INVENTION_PATENT', 'UTILITY_MODEL_PATENT'],
    );
    expect(parsePolicyTerms('INTEREST', qingdao).eligibility).toMatchObject({
      smeOnly: true,
      firstPledgeOnly: true,
      assetKinds: ['INVENTION_PATENT', 'UTILITY_MODEL_PATENT'],
    });
  });

  it('returns a copy, so later edits of the input do not leak into the parsed terms', () => {
    const raw = withField(JINSHAN_2024_INTEREST, 'ratio', '0.5');
    const terms = parsePolicyTerms('INTEREST', raw);
    (raw.requiredProofs as string[]).push('EXTRA');
    expect(terms.requiredProofs).not.toContain('EXTRA');
  });

  it.each<[string, unknown]>([
    ['terms', null],
    ['terms', ['not', 'an', 'object']],
    ['terms', 'JINSHAN'],
  ])('refuses terms that are not an object (field %s)', (field, raw) => {
    expect(refusal('INTEREST', raw)).toEqual({ code: 'INVALID_POLICY', field });
  });

  it('refuses an unknown kind', () => {
    expect(refusal('LOAN' as SubsidyKind, JINSHAN_2024_INTEREST)).toEqual({
      code: 'INVALID_POLICY',
      field: 'kind',
    });
  });

  it.each<[string, unknown, string]>([
    ['programme', '', 'programme'],
    ['programme', 'jinshan interest', 'programme'],
    ['programme', REMOVE, 'programme'],
    ['rate', '0.5', 'rate'], // an unknown field is refused, not ignored
    ['eligibility', 'all', 'eligibility'],
    ['eligibility.registeredInDistrict', 'yes', 'eligibility.registeredInDistrict'],
    ['eligibility.smeOnly', REMOVE, 'eligibility.smeOnly'],
    ['eligibility.assetKinds', 'PATENT', 'eligibility.assetKinds'],
    ['eligibility.assetKinds', ['INVENTION_PATENT', 'PATENT'], 'eligibility.assetKinds[1]'],
    ['eligibility.assetKinds', ['TRADEMARK', 'TRADEMARK'], 'eligibility.assetKinds'],
    ['eligibility.minIpShare', '30%', 'eligibility.minIpShare'],
    ['eligibility.minIpShare', '1.5', 'eligibility.minIpShare'],
    ['eligibility.minIpShare', '-0.1', 'eligibility.minIpShare'],
    ['eligibility.minIpShare', 0.3, 'eligibility.minIpShare'],
    ['eligibility.performingOnly', null, 'eligibility.performingOnly'],
    ['eligibility.firstPledgeOnly', 1, 'eligibility.firstPledgeOnly'],
    ['eligibility.excludesProgrammes', 'CITY-IP', 'eligibility.excludesProgrammes'],
    ['eligibility.excludesProgrammes', ['city ip'], 'eligibility.excludesProgrammes[0]'],
    ['eligibility.excludesProgrammes', ['JINSHAN-IP-INTEREST'], 'eligibility.excludesProgrammes'],
    ['eligibility.minimumShare', '0.3', 'eligibility.minimumShare'],
    ['lprCap', 'LPR', 'lprCap'],
    ['lprCap.reference', 'CONTRACT_DATE', 'lprCap.reference'],
    ['lprCap.tenor', 'TEN_YEAR', 'lprCap.tenor'],
    ['lprCap.multiple', '0', 'lprCap.multiple'],
    ['lprCap.multiple', '1.4x', 'lprCap.multiple'],
    ['lprCap.multiple', REMOVE, 'lprCap.multiple'],
    ['ratio', '0', 'ratio'],
    ['ratio', '1.2', 'ratio'],
    ['ratio', 0.5, 'ratio'],
    ['ratio', '50%', 'ratio'],
    ['subsidisedMonths', 0, 'subsidisedMonths'],
    ['subsidisedMonths', 6.5, 'subsidisedMonths'],
    ['subsidisedMonths', '6', 'subsidisedMonths'],
    ['subsidisedMonths', 361, 'subsidisedMonths'],
    ['caps', null, 'caps'],
    ['caps.perLoan', '50,000', 'caps.perLoan'],
    ['caps.perLoan', '0.00', 'caps.perLoan'],
    ['caps.perLoan', 50000, 'caps.perLoan'],
    ['caps.perEnterprisePerYear', '-1.00', 'caps.perEnterprisePerYear'],
    ['caps.perEnterpriseCumulative', '1e5', 'caps.perEnterpriseCumulative'],
    ['caps.perEnterpriseCumulative', REMOVE, 'caps.perEnterpriseCumulative'],
    ['trigger', 'ON_REPAYMENT', 'trigger'],
    ['window', null, 'window'],
    ['window.repaidFrom', '2023-02-30', 'window.repaidFrom'],
    ['window.repaidTo', '2023-06-30', 'window.repaidTo'], // before repaidFrom 2023-07-01
    ['requiredProofs', 'APPLICATION', 'requiredProofs'],
    ['requiredProofs', ['loan contract'], 'requiredProofs[0]'],
    ['requiredProofs', ['APPLICATION', 'APPLICATION'], 'requiredProofs'],
    ['claimWindowWorkingDays', 0, 'claimWindowWorkingDays'], // at least one working day
    ['claimWindowWorkingDays', 20.5, 'claimWindowWorkingDays'],
    ['claimWindowWorkingDays', '20', 'claimWindowWorkingDays'],
    ['claimWindowWorkingDays', 251, 'claimWindowWorkingDays'], // one above a working year
  ])('refuses %s = %j with INVALID_POLICY naming %s', (path, value, field) => {
    expect(refusal('INTEREST', withField(JINSHAN_2024_INTEREST, path, value))).toEqual({
      code: 'INVALID_POLICY',
      field,
    });
  });

  it.each<[string, unknown]>([
    ['absent: no filing deadline, and the parsed terms carry no such field', REMOVE],
    ['null: no filing deadline', null],
    ['1 working day', 1],
    ['250 working days (the maximum)', 250],
  ])('accepts a claim window %s', (_, value) => {
    const raw =
      value === REMOVE
        ? JINSHAN_2024_INTEREST
        : withField(JINSHAN_2024_INTEREST, 'claimWindowWorkingDays', value);
    const terms = parsePolicyTerms('INTEREST', raw);
    if (value === REMOVE) expect('claimWindowWorkingDays' in terms).toBe(false);
    else expect(terms.claimWindowWorkingDays).toBe(value);
  });

  it('refuses an LPR cap on an insurance-premium policy', () => {
    const raw = withField(JINSHAN_2024_PREMIUM, 'lprCap', JINSHAN_2024_INTEREST.lprCap);
    expect(refusal('INSURANCE_PREMIUM', raw)).toEqual({ code: 'INVALID_POLICY', field: 'lprCap' });
  });

  it('accepts open windows, no caps and no required proofs', () => {
    const open = withField(
      withField(
        withField(JINSHAN_2024_INTEREST, 'window', { repaidFrom: null, repaidTo: null }),
        'caps',
        { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null },
      ),
      'requiredProofs',
      [],
    );
    const terms = parsePolicyTerms('INTEREST', open);
    expect(terms.window).toEqual({ repaidFrom: null, repaidTo: null });
    expect(terms.caps.perLoan).toBeNull();
    expect(terms.requiredProofs).toEqual([]);
  });
});
