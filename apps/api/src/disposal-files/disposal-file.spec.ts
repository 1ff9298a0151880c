import type { DisposalRound, RoundOutcome } from '../../../../libs/domain/src/disposal';
import { httpStatusFor } from '../../../../libs/common/src/http-status';
import { zhMessageFor } from '../../../../libs/domain/src/errors';
import {
  renderPrintablePdf,
  type PrintableCell,
  type PrintableDocument,
  type PrintableRun,
} from '../../../../libs/documents/src/printable-pdf';
import type {
  DisposalFileRecords,
  FileEventRow,
} from '../../../../libs/persistence/src/repositories/disposal/disposal-file.repository';
import { actorIdsOf, buildDisposalFile, mergeTimelines } from './disposal-file';
import { disposalFileDocument } from './disposal-file.document';

const event = (
  seq: number,
  name: string,
  occurredAt: string,
  actor: [string, string] | null = null,
  payload: Record<string, unknown> = {},
): FileEventRow => ({
  seq,
  event: name,
  fromStatus: null,
  toStatus: null,
  actorUserId: actor?.[0] ?? null,
  actorRole: actor?.[1] ?? null,
  businessDate: '2026-05-17',
  occurredAt,
  payload,
});

const t = (second: number) => `2026-11-21T08:00:${String(second).padStart(2, '0')}.000Z`;
const OFFICER: [string, string] = ['officer.shcb', 'LOAN_OFFICER'];

/** A case sold in round 2 of an auction at a valuation of 800,000.00, with a shortfall. */
function records(overrides: Partial<DisposalFileRecords> = {}): DisposalFileRecords {
  return {
    case: {
      caseNumber: 'BANK-SHCB-IT-1',
      status: 'CLOSED',
      version: 20,
      bankOrgId: 'BANK-SHCB',
      bankName: 'Shanghai City Commercial Bank (demo)',
      bankReference: 'IT-1',
      productCode: 'SHCB-IP-STD',
      enterpriseUscc: '91310115MA1K3YJ12G',
      enterpriseName: '上海浦江智造科技有限公司',
      districtCode: '310115',
      amount: '1000000.00',
      termMonths: 12,
      annualRate: '0.036',
      repaymentMethod: 'INTEREST_ONLY',
      applicationDate: '2026-01-15',
      approval: null,
    },
    assets: [],
    disposal: {
      status: 'COMPLETED',
      method: 'AUCTION',
      startedOn: '2026-05-17',
      detail: {
        startedBy: 'officer.shcb',
        valuation: { reportNumber: 'VR2', totalValue: '800000.00' },
        floor: '560000.00',
      },
    },
    caseEvents: [
      event(1, 'DECLARE_DEFAULT', t(1), OFFICER, { reason: 'Borrower gone', daysPastDue: 61 }),
      event(2, 'START_DISPOSAL', t(3), OFFICER),
      event(3, 'CLOSE', t(9)),
    ],
    disposalEvents: [
      event(1, 'START', t(3), OFFICER),
      event(2, 'OPEN_ROUND', t(4), OFFICER, { round: 1 }),
      event(3, 'RECORD_BID', t(5), OFFICER),
      event(4, 'COMPLETE_SALE', t(10), OFFICER),
    ],
    valuations: [],
    rounds: [round(1, '560000.00', 'UNSOLD', null), round(2, '448000.00', 'SOLD', 3)],
    bids: [
      bid(1, 1, '500000.00', false),
      bid(2, 2, '448000.00', true),
      bid(3, 2, '455555.55', true),
      bid(4, 2, '447999.99', false),
    ],
    loanDefault: null,
    claims: [],
    distribution: null,
    writeOff: { amount: '10.00', reason: 'Shortfall', on: '2026-05-27', recordedAt: t(8) },
    filings: [],
    pledges: [],
    transfers: [],
    bucketMoves: [],
    findings: [],
    auditEntries: [
      {
        seq: 7,
        occurredAt: t(1),
        actor: {
          userId: 'officer.shcb',
          username: 'officer.shcb',
          role: 'LOAN_OFFICER',
          organisationId: 'BANK-SHCB',
        },
        action: 'CASE_TRANSITION',
        subjectType: 'CASE',
        subjectId: 'BANK-SHCB-IT-1',
        payload: { event: 'DECLARE_DEFAULT' },
        sourceKey: 'case:loan-case-BANK-SHCB-IT-1:12',
        prevHash: '0'.repeat(64),
        hash: 'f'.repeat(64),
      },
    ],
    ...overrides,
  };
}

function round(
  n: number,
  start: string,
  outcome: RoundOutcome,
  winningBidSeq: number | null,
): DisposalRound {
  return {
    round: n,
    method: 'AUCTION',
    startingPrice: start,
    minimumPrice: start,
    openedOn: '2026-05-17',
    closesOn: '2026-05-22',
    openedBy: 'officer.shcb',
    openedAt: t(4),
    outcome,
    closedOn: '2026-05-22',
    winningBidSeq,
  };
}

function bid(seq: number, roundNumber: number, amount: string, atOrAboveStart: boolean) {
  return {
    seq,
    round: roundNumber,
    bidder: `BIDDER-${seq}`,
    amount,
    at: t(5),
    businessDate: '2026-05-17',
    recordedBy: 'officer.shcb',
    atOrAboveStart,
  };
}

describe('mergeTimelines', () => {
  it.each([
    // case, disposal → merged (source:seq)
    [[t(1), t(3)], [t(2)], ['C1', 'D1', 'C2']],
    // equal instants: the case first (it starts the disposal)
    [[t(3)], [t(3)], ['C1', 'D1']],
    // each list keeps its own order even if an instant goes back within it
    [[t(5), t(4)], [t(6)], ['C1', 'C2', 'D1']],
    [[], [t(1), t(2)], ['D1', 'D2']],
    [[t(1)], [], ['C1']],
  ])('case %j and disposal %j merge to %j', (caseAt, disposalAt, expected) => {
    const merged = mergeTimelines(
      caseAt.map((at, i) => event(i + 1, 'E', at)),
      disposalAt.map((at, i) => event(i + 1, 'E', at)),
    );
    expect(merged.map((e) => `${e.source[0]}${e.seq}`)).toEqual(expected);
  });
});

describe('buildDisposalFile', () => {
  const file = buildDisposalFile(records(), []);

  it('marks each bid valid when at or above the start, and the round winner as won', () => {
    expect(file.bids.map((b) => [b.seq, b.valid, b.won])).toEqual([
      [1, false, false],
      [2, true, false],
      [3, true, true],
      // one fen below the start of 448,000.00
      [4, false, false],
    ]);
  });

  it('gives each round its cut from the previous start and its start against the valuation', () => {
    expect(
      file.rounds.map((r) => [
        r.previousStartingPrice,
        r.cutFromPrevious,
        r.startToValuation,
        r.bidCount,
        r.highestBid,
      ]),
    ).toEqual([
      // 560,000.00 / 800,000.00 = 0.7
      [null, null, '0.7000', 1, '500000.00'],
      // (560,000.00 − 448,000.00) / 560,000.00 = 0.2; 448,000.00 / 800,000.00 = 0.56
      ['560000.00', '0.2000', '0.5600', 3, '455555.55'],
    ]);
  });

  it('lists decisions from both timelines and places the ledger write-off by its instant', () => {
    expect(file.decisions.map((d) => [d.seq, d.kind, d.source, d.reason])).toEqual([
      [1, 'DEFAULT_DECLARATION', 'CASE', 'Borrower gone'],
      [2, 'DISPOSAL_START', 'CASE', null],
      [3, 'ROUND_OPENING', 'DISPOSAL', null],
      // recorded at t(8): after the round opened at t(4), before the sale completed at t(10)
      [4, 'LOAN_WRITE_OFF', 'LEDGER', 'Shortfall'],
      [5, 'SALE_COMPLETION', 'DISPOSAL', null],
    ]);
    // The reason is its own member, not repeated in the detail.
    expect(file.decisions[0]!.detail).toEqual({ daysPastDue: 61 });
    expect(file.decisions[3]!.actor).toBeNull();
  });

  it('is the same file for the same records', () => {
    expect(JSON.stringify(buildDisposalFile(records(), []))).toBe(JSON.stringify(file));
  });

  it('moves its version with a finding, and with nothing else unchanged', () => {
    expect(file.fileVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(buildDisposalFile(records(), []).fileVersion).toBe(file.fileVersion);
    const finding = {
      id: '1',
      seq: 1,
      severity: 'OBSERVATION',
      title: 'Round 2 cut',
      text: 'Close to the limit',
      recordedBy: 'admin.ipo',
      recordedByRole: 'ADMINISTRATOR',
      recordedAt: t(20),
    };
    const withFinding = buildDisposalFile(records({ findings: [finding] }), []);
    expect(withFinding.fileVersion).not.toBe(file.fileVersion);
    const withAnother = buildDisposalFile(
      records({ findings: [finding, { ...finding, id: '2', seq: 2 }] }),
      [],
    );
    expect(new Set([file, withFinding, withAnother].map((f) => f.fileVersion)).size).toBe(3);
    // Its content aside, the file is the same.
    expect({ ...withFinding, fileVersion: null, findings: [] }).toEqual({
      ...file,
      fileVersion: null,
    });
  });

  it('lists the case’s audit entries by seq, hash, action, actor and instant', () => {
    expect(file.audit.entries).toEqual([
      {
        seq: 7,
        hash: 'f'.repeat(64),
        action: 'CASE_TRANSITION',
        actor: { userId: 'officer.shcb', role: 'LOAN_OFFICER' },
        occurredAt: t(1),
      },
    ]);
  });

  it('names every actor once, sorted', () => {
    expect(actorIdsOf(records())).toEqual(['officer.shcb']);
  });
});

/** A cell's text, unbroken runs included. */
const plain = (cell: PrintableCell): string =>
  (typeof cell === 'string' || !Array.isArray(cell) ? [cell as PrintableRun] : cell)
    .map((run) => (typeof run === 'string' ? run : run.keep))
    .join('');

/** Every text a document prints. */
function everything(document: PrintableDocument): string {
  return [
    document.title,
    document.subtitle ? plain(document.subtitle) : '',
    ...document.sections.flatMap((s) => [
      s.heading,
      ...(s.fields ?? []).flatMap(([label, value]) => [label, plain(value)]),
      ...(s.table?.columns ?? []).map((c) => c.header),
      ...(s.table?.rows ?? []).flatMap((row) => row.map(plain)),
      ...(s.paragraphs ?? []).map(plain),
    ]),
  ].join('\n');
}

describe('disposalFileDocument', () => {
  const document = disposalFileDocument(buildDisposalFile(records(), []), {
    generatedAt: '2026-11-21T09:00:00.000Z',
    jsonSha256: 'ab'.repeat(32),
  });

  it('heads every section in Chinese and English and names the JSON it was laid out from', () => {
    for (const section of document.sections) {
      expect(section.heading).toMatch(/^[\u4e00-\u9fff]+ [A-Z][A-Za-z -]+$/);
    }
    expect(plain(document.subtitle!)).toContain(`JSON SHA-256 ${'ab'.repeat(32)}`);
  });

  it('prints codes by their Chinese names, amounts in yuan and dates the Chinese way', () => {
    const printed = everything(document);
    for (const code of ['CLOSED', 'COMPLETED', 'AUCTION', 'UNSOLD', 'SOLD', 'LOAN_OFFICER']) {
      expect(printed).not.toMatch(new RegExp(`\\b${code}\\b`));
    }
    for (const name of ['已结案', '处置完成', '拍卖', '流拍', '成交', '客户经理', '贷款损失核销']) {
      expect(printed).toContain(name);
    }
    expect(printed).toContain('455,555.55 元');
    expect(printed).toContain('1,000,000.00 元');
    expect(printed).toContain('2026年1月15日');
    expect(printed).not.toMatch(/\d{4}-\d{2}-\d{2}|[{}]/);
    // The detail of a decision as label: value lines.
    expect(printed).toContain('逾期天数：61');
  });

  it('names the file version on every page and in the sign-off', () => {
    const file = buildDisposalFile(records(), []);
    expect(document.footer).toContain(`档案版本 ${file.fileVersion}`);
    expect(everything(document)).toContain(file.fileVersion);
  });

  it('renders to a PDF', async () => {
    const pdf = await renderPrintablePdf(document);
    expect(pdf.toString('latin1').startsWith('%PDF-')).toBe(true);
  });
});

describe('error catalogue: NO_DISPOSAL', () => {
  it('is HTTP 409 with a Chinese message', () => {
    expect(httpStatusFor('NO_DISPOSAL', 599)).toBe(409);
    expect(zhMessageFor('NO_DISPOSAL')).toMatch(/[\u4e00-\u9fff]/);
  });
});
