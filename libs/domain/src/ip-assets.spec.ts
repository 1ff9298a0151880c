import {
  assetRecordProblems,
  MAX_REMAINING_TERM_YEARS,
  ASSET_KINDS,
  PRE_FILING_GROUNDS,
  preFilingFindings,
  type AssetKind,
  type PreFilingGround,
  type PreFilingInput,
  type RegisteredAsset,
} from './ip-assets';

const PLEDGOR = '91310000MA1FL0000A';
const CO_OWNER_A = '91310115MA1H00001B';
const CO_OWNER_B = '91310104MA1K00002C';

/** An invention patent that passes every ground: granted, in force, fee paid, sole owner. */
const BASE_ASSET: RegisteredAsset = {
  kind: 'INVENTION_PATENT',
  number: 'ZL202110123456.7',
  title: 'Battery thermal management',
  owners: [PLEDGOR],
  grantDate: '2023-03-10',
  expiryDate: '2041-06-01',
  annualFeePaidUntil: '2027-06-01',
  legalStatus: 'IN_FORCE',
};

const BASE: PreFilingInput = {
  asset: BASE_ASSET,
  requestedNumber: 'ZL202110123456.7',
  pledgorUscc: PLEDGOR,
  coOwnerConsents: [],
  invalidationPendingConfirmed: false,
  activePledgeCase: null,
  debtEndDate: '2028-06-30',
  asOf: '2026-06-30',
};

/** The base input with some asset fields and/or input fields replaced. */
const given = (
  asset: Partial<RegisteredAsset>,
  input: Partial<Omit<PreFilingInput, 'asset'>> = {},
): PreFilingInput => ({
  ...BASE,
  ...input,
  asset: { ...BASE_ASSET, ...asset },
});

const grounds = (input: PreFilingInput): PreFilingGround[] =>
  preFilingFindings(input).map((f) => f.ground);

describe('preFilingFindings — the base asset', () => {
  it('passes every ground', () => {
    expect(preFilingFindings(BASE)).toEqual([]);
  });
});

describe('preFilingFindings — each ground alone', () => {
  it.each<{
    name: string;
    input: PreFilingInput;
    ground: PreFilingGround;
    evidence: Record<string, unknown>;
  }>([
    {
      // no co-owner finding as well: consents only matter when the pledgor is an owner
      name: 'pledgor is not among the owners',
      input: given({ owners: [CO_OWNER_A, CO_OWNER_B] }),
      ground: 'PLEDGOR_NOT_OWNER',
      evidence: { owners: [CO_OWNER_A, CO_OWNER_B], pledgor: PLEDGOR },
    },
    {
      name: 'lapsed',
      input: given({ legalStatus: 'LAPSED' }),
      ground: 'ASSET_LAPSED',
      evidence: { legalStatus: 'LAPSED' },
    },
    {
      name: 'invalidated',
      input: given({ legalStatus: 'INVALIDATED' }),
      ground: 'ASSET_INVALIDATED',
      evidence: { legalStatus: 'INVALIDATED' },
    },
    {
      name: 'still an application (PENDING) although a grant date is recorded',
      input: given({ legalStatus: 'PENDING' }),
      ground: 'ASSET_NOT_GRANTED',
      evidence: { legalStatus: 'PENDING', grantDate: '2023-03-10' },
    },
    {
      // edge: the status alone is not trusted; no grant date means not granted
      name: 'no grant date although the status says IN_FORCE',
      input: given({ grantDate: null }),
      ground: 'ASSET_NOT_GRANTED',
      evidence: { legalStatus: 'IN_FORCE', grantDate: null },
    },
    {
      // edge: paid up to the day before asOf is unpaid on asOf
      name: 'annual fee paid only until the day before asOf',
      input: given({ annualFeePaidUntil: '2026-06-29' }),
      ground: 'ANNUAL_FEE_UNPAID',
      evidence: { annualFeePaidUntil: '2026-06-29', asOf: '2026-06-30' },
    },
    {
      name: 'no annual fee on record for a patent',
      input: given({ annualFeePaidUntil: null }),
      ground: 'ANNUAL_FEE_UNPAID',
      evidence: { annualFeePaidUntil: null, asOf: '2026-06-30' },
    },
    {
      name: 'frozen by a court preservation order',
      input: given({ legalStatus: 'FROZEN' }),
      ground: 'ASSET_FROZEN',
      evidence: { legalStatus: 'FROZEN' },
    },
    {
      name: 'suspended for an ownership dispute',
      input: given({ legalStatus: 'OWNERSHIP_DISPUTE' }),
      ground: 'OWNERSHIP_DISPUTE',
      evidence: { legalStatus: 'OWNERSHIP_DISPUTE' },
    },
    {
      // edge: the right expires one day before the debt ends
      name: 'debt ends the day after the right expires',
      input: given({ expiryDate: '2028-06-29' }),
      ground: 'DEBT_TERM_EXCEEDS_ASSET_TERM',
      evidence: { debtEndDate: '2028-06-30', expiryDate: '2028-06-29' },
    },
    {
      name: 'a co-owner has not consented',
      input: given({ owners: [PLEDGOR, CO_OWNER_A] }),
      ground: 'CO_OWNER_CONSENT_MISSING',
      evidence: { missingConsents: [CO_OWNER_A] },
    },
    {
      // edge: partial consent — only the co-owner without consent is reported
      name: 'one of two co-owners has consented',
      input: given(
        { owners: [CO_OWNER_A, PLEDGOR, CO_OWNER_B] },
        { coOwnerConsents: [CO_OWNER_A] },
      ),
      ground: 'CO_OWNER_CONSENT_MISSING',
      evidence: { missingConsents: [CO_OWNER_B] },
    },
    {
      name: 'already carries an active pledge',
      input: given({}, { activePledgeCase: 'IPL-2025-000042' }),
      ground: 'ASSET_ALREADY_PLEDGED',
      evidence: { heldByCase: 'IPL-2025-000042' },
    },
    {
      name: 'invalidation pending and the parties have not confirmed',
      input: given({ legalStatus: 'INVALIDATION_PENDING' }),
      ground: 'INVALIDATION_PENDING_UNCONFIRMED',
      evidence: { legalStatus: 'INVALIDATION_PENDING' },
    },
  ])('$name → $ground', ({ input, ground, evidence }) => {
    expect(preFilingFindings(input)).toEqual([
      { ground, message: PRE_FILING_GROUNDS[ground], evidence },
    ]);
  });
});

describe('preFilingFindings — inputs that pass', () => {
  it.each<{ name: string; input: PreFilingInput }>([
    // edge: expiry on the debt's last day still covers the debt
    { name: 'expiry equal to the debt end date', input: given({ expiryDate: '2028-06-30' }) },
    { name: 'no expiry on record', input: given({ expiryDate: null }) },
    // edge: fee paid up to asOf itself is paid
    { name: 'annual fee paid until asOf', input: given({ annualFeePaidUntil: '2026-06-30' }) },
    {
      name: 'invalidation pending, parties told and confirmed',
      input: given({ legalStatus: 'INVALIDATION_PENDING' }, { invalidationPendingConfirmed: true }),
    },
    {
      name: 'every co-owner has consented (extra consents are harmless)',
      input: given(
        { owners: [PLEDGOR, CO_OWNER_A, CO_OWNER_B] },
        { coOwnerConsents: [CO_OWNER_B, CO_OWNER_A, '91310000000000000X'] },
      ),
    },
    // the pledgor's own consent is implied by the filing
    {
      name: 'sole owner with no consents on file',
      input: given({ owners: [PLEDGOR] }, { coOwnerConsents: [] }),
    },
  ])('$name', ({ input }) => {
    expect(preFilingFindings(input)).toEqual([]);
  });
});

describe('preFilingFindings — annual fees by asset kind', () => {
  // Every Chinese patent kind (invention, utility model, design) is kept in force by annual
  // fees (Patent Law art. 43): an unpaid fee refuses the filing and is watched on the collateral.
  // Trademarks (renewed every 10 years) and copyrights have no annual fee.
  const needsFee: Record<AssetKind, boolean> = {
    INVENTION_PATENT: true,
    UTILITY_MODEL_PATENT: true,
    DESIGN_PATENT: true,
    TRADEMARK: false,
    SOFTWARE_COPYRIGHT: false,
  };

  it('covers every asset kind', () => {
    expect(Object.keys(needsFee).sort()).toEqual([...ASSET_KINDS].sort());
  });

  it.each(ASSET_KINDS.map((kind) => [kind, needsFee[kind]] as const))(
    '%s with no fee on record → fee finding: %s',
    (kind, expected) => {
      expect(grounds(given({ kind, annualFeePaidUntil: null }))).toEqual(
        expected ? ['ANNUAL_FEE_UNPAID'] : [],
      );
    },
  );

  it.each(['TRADEMARK', 'SOFTWARE_COPYRIGHT'] as const)(
    '%s with a stale fee date is still not refused for fees',
    (kind) => {
      expect(grounds(given({ kind, annualFeePaidUntil: '2020-01-01' }))).toEqual([]);
    },
  );
});

describe('preFilingFindings — several grounds at once', () => {
  it.each<{ name: string; input: PreFilingInput; expected: PreFilingGround[] }>([
    {
      name: 'not the owner, lapsed, fee unpaid, term too short, already pledged',
      input: given(
        {
          owners: [CO_OWNER_A],
          legalStatus: 'LAPSED',
          annualFeePaidUntil: '2025-01-01',
          expiryDate: '2027-12-31',
        },
        { activePledgeCase: 'IPL-2025-000042' },
      ),
      expected: [
        'PLEDGOR_NOT_OWNER',
        'ASSET_LAPSED',
        'ANNUAL_FEE_UNPAID',
        'DEBT_TERM_EXCEEDS_ASSET_TERM',
        'ASSET_ALREADY_PLEDGED',
      ],
    },
    {
      name: 'application with no grant or fee, unconsented co-owner, already pledged',
      input: given(
        {
          legalStatus: 'PENDING',
          grantDate: null,
          annualFeePaidUntil: null,
          owners: [PLEDGOR, CO_OWNER_A],
        },
        { activePledgeCase: 'IPL-2025-000042' },
      ),
      expected: [
        'ASSET_NOT_GRANTED',
        'ANNUAL_FEE_UNPAID',
        'CO_OWNER_CONSENT_MISSING',
        'ASSET_ALREADY_PLEDGED',
      ],
    },
    {
      name: 'frozen, term too short, co-owner missing',
      input: given({
        legalStatus: 'FROZEN',
        expiryDate: '2028-01-01',
        owners: [PLEDGOR, CO_OWNER_B],
      }),
      expected: ['ASSET_FROZEN', 'DEBT_TERM_EXCEEDS_ASSET_TERM', 'CO_OWNER_CONSENT_MISSING'],
    },
    {
      // the grant check does not short-circuit later grounds
      name: 'invalidation pending unconfirmed with no grant date and already pledged',
      input: given(
        { legalStatus: 'INVALIDATION_PENDING', grantDate: null },
        { activePledgeCase: 'IPL-2026-000001' },
      ),
      expected: ['ASSET_NOT_GRANTED', 'ASSET_ALREADY_PLEDGED', 'INVALIDATION_PENDING_UNCONFIRMED'],
    },
  ])('$name', ({ input, expected }) => {
    const findings = preFilingFindings(input);
    expect(findings.map((f) => f.ground)).toEqual(expected);
    // the fixed order is the order the grounds are declared in
    const declared = Object.keys(PRE_FILING_GROUNDS);
    const positions = findings.map((f) => declared.indexOf(f.ground));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    for (const f of findings) expect(f.message).toBe(PRE_FILING_GROUNDS[f.ground]);
  });

  it('lists missing co-owners in the order of the register', () => {
    const input = given(
      { owners: [CO_OWNER_B, PLEDGOR, CO_OWNER_A], legalStatus: 'FROZEN' },
      { coOwnerConsents: [] },
    );
    expect(preFilingFindings(input)).toEqual([
      {
        ground: 'ASSET_FROZEN',
        message: PRE_FILING_GROUNDS.ASSET_FROZEN,
        evidence: { legalStatus: 'FROZEN' },
      },
      {
        ground: 'CO_OWNER_CONSENT_MISSING',
        message: PRE_FILING_GROUNDS.CO_OWNER_CONSENT_MISSING,
        evidence: { missingConsents: [CO_OWNER_B, CO_OWNER_A] },
      },
    ]);
  });
});

describe('preFilingFindings — ASSET_NOT_FOUND short-circuits', () => {
  it.each<{ name: string; input: PreFilingInput }>([
    { name: 'otherwise clean input', input: { ...BASE, asset: null } },
    {
      // would add ASSET_ALREADY_PLEDGED if the check went on
      name: 'even with an active pledge and a debt ending in 2099',
      input: {
        ...BASE,
        asset: null,
        activePledgeCase: 'IPL-2025-000042',
        debtEndDate: '2099-12-31',
      },
    },
  ])('$name', ({ input }) => {
    expect(preFilingFindings(input)).toEqual([
      {
        ground: 'ASSET_NOT_FOUND',
        message: PRE_FILING_GROUNDS.ASSET_NOT_FOUND,
        evidence: { number: 'ZL202110123456.7' },
      },
    ]);
  });
});

describe('assetRecordProblems — what a register record cannot say', () => {
  const today = '2026-06-15';
  const record = {
    kind: 'INVENTION_PATENT' as const,
    title: '一种数据处理方法',
    grantDate: '2023-05-12',
    expiryDate: '2041-03-30',
  };

  it('accepts a true record, and one without dates', () => {
    expect(assetRecordProblems(record, today)).toEqual([]);
    expect(assetRecordProblems({ ...record, grantDate: null, expiryDate: null }, today)).toEqual(
      [],
    );
  });

  it.each([
    ['an empty title', { title: '' }, 'title'],
    ['a blank title', { title: ' \t ' }, 'title'],
    ['a grant tomorrow', { grantDate: '2026-06-16' }, 'grantDate'],
    ['a grant in 2999', { grantDate: '2999-01-01', expiryDate: null }, 'grantDate'],
    ['an expiry on the grant date', { expiryDate: '2023-05-12' }, 'expiryDate'],
    ['an expiry before the grant', { expiryDate: '2020-01-01' }, 'expiryDate'],
    ['an invention expiring 20 years and a day on', { expiryDate: '2046-06-16' }, 'expiryDate'],
    [
      'a utility model expiring in 15 years',
      { kind: 'UTILITY_MODEL_PATENT' as const, expiryDate: '2041-03-30' },
      'expiryDate',
    ],
    [
      'a trademark expiring in 2099',
      { kind: 'TRADEMARK' as const, expiryDate: '2099-12-31' },
      'expiryDate',
    ],
  ])('refuses %s', (_label, change, field) => {
    expect(assetRecordProblems({ ...record, ...change }, today).map((p) => p.field)).toEqual([
      field,
    ]);
  });

  it('allows each kind its longest term, to the day', () => {
    for (const [kind, years] of Object.entries(MAX_REMAINING_TERM_YEARS)) {
      const last = `${2026 + years}-06-15`;
      const asset = { ...record, kind: kind as keyof typeof MAX_REMAINING_TERM_YEARS };
      expect(assetRecordProblems({ ...asset, expiryDate: last }, today)).toEqual([]);
      expect(
        assetRecordProblems({ ...asset, expiryDate: `${2026 + years}-06-16` }, today),
      ).toHaveLength(1);
    }
  });
});
