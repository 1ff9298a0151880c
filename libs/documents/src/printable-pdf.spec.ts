import {
  breakCell,
  keep,
  renderPrintablePdf,
  type PrintableDocument,
  type PrintablePlacement,
  type PrintedLine,
} from './printable-pdf';

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

const base: PrintableDocument = {
  title: '处置档案 Disposal file',
  subtitle: 'SHCB-IT-0001 · 上海浦江智造科技有限公司',
  generatedAt: '2026-11-21T08:00:00.000Z',
  sections: [
    {
      heading: '案件 Case',
      fields: [
        ['案件编号 Case number', 'SHCB-IT-0001'],
        ['状态 Status', 'CLOSED'],
      ],
    },
  ],
};

describe('renderPrintablePdf', () => {
  it('renders a one-page PDF with the Chinese font embedded', async () => {
    const pdf = await renderPrintablePdf(base);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(pdf)).toBe(1);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  });

  it('breaks a long table across pages', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [
      String(i + 1),
      `竞买人 Bidder ${i + 1}`,
      `${(1000 + i).toFixed(2)}`,
    ]);
    const pdf = await renderPrintablePdf({
      ...base,
      sections: [
        ...base.sections,
        {
          heading: '出价 Bids',
          table: {
            columns: [
              { header: '#' },
              { header: '竞买人 Bidder', weight: 3 },
              { header: '金额 Amount', align: 'right' },
            ],
            rows,
          },
        },
      ],
    });
    // 150 rows of about 17 pt on about 720 pt of usable height: four to five pages.
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(4);
    expect(pageCount(pdf)).toBeLessThanOrEqual(6);
  });

  it('prints the empty-table text rather than nothing', async () => {
    const withEmpty = await renderPrintablePdf({
      ...base,
      sections: [
        { heading: '出价 Bids', table: { columns: [{ header: '#' }], rows: [], empty: '无 None' } },
      ],
    });
    const without = await renderPrintablePdf({
      ...base,
      sections: [{ heading: '出价 Bids', table: { columns: [{ header: '#' }], rows: [] } }],
    });
    expect(withEmpty.length).toBeGreaterThan(without.length);
  });
});

/** One unit of width per character at size 10 (wide characters two): layout without a font. */
const measure = (text: string, size: number) =>
  ([...text].reduce((sum, ch) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0) *
    size) /
  10;
const texts = (lines: PrintedLine[]) => lines.map((l) => l.text);

describe('breakCell', () => {
  it('wraps free text at spaces, and Chinese between characters', () => {
    expect(texts(breakCell('alpha beta gamma', 10, 11, measure))).toEqual(['alpha beta', 'gamma']);
    expect(texts(breakCell('出价记录一致', 10, 8, measure))).toEqual(['出价记录', '一致']);
  });

  it('keeps closing punctuation with the character before it', () => {
    // 出价记录， would end the first line; the comma may not start the second.
    expect(texts(breakCell('出价记录，一致', 10, 8, measure))).toEqual(['出价记', '录，一致']);
  });

  it('moves an unbroken run to the next line whole instead of splitting it', () => {
    const lines = breakCell(['金额：', keep('1,234,567.89 元')], 10, 16, measure);
    expect(texts(lines)).toEqual(['金额：', '1,234,567.89 元']);
  });

  it('shrinks a cell that is one unbroken run to keep it on one line', () => {
    // 18 units at size 10 in 15: shrunk to 8.25.
    const [line, ...more] = breakCell(keep('91310115MA1K3YJ12G'), 10, 15, measure);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ text: '91310115MA1K3YJ12G', size: 8.25 });
    expect(line!.width).toBeLessThanOrEqual(15);
  });

  it('wraps an unbroken run too wide even when shrunk at its separators only', () => {
    const lines = breakCell(keep('BANK-SHCB-IT-20260101-F1'), 10, 10, measure);
    // At 6.5 a character is 0.65 wide: 13 of them fit in 10, so the line breaks after IT-.
    expect(texts(lines)).toEqual(['BANK-SHCB-IT-', '20260101-F1']);
    expect(lines.every((l) => l.size === 6.5)).toBe(true);
    // A piece wider than a line on its own is shrunk onto its own line, never cut.
    const hash = breakCell(keep('f'.repeat(40)), 10, 10, measure);
    expect(texts(hash)).toEqual(['f'.repeat(40)]);
    expect(hash[0]!.width).toBeLessThanOrEqual(10);
  });

  it('keeps an ideographic space at the start of a line: it indents a nested line', () => {
    expect(texts(breakCell('分担额：\n\u3000银行：20%', 10, 40, measure))).toEqual([
      '分担额：',
      '\u3000银行：20%',
    ]);
  });

  it('breaks a free word wider than a line between characters, and keeps hard breaks', () => {
    expect(texts(breakCell('abcdefghij', 10, 4, measure))).toEqual(['abcd', 'efgh', 'ij']);
    expect(texts(breakCell('a\nb', 10, 10, measure))).toEqual(['a', 'b']);
  });
});

/** The pages' placements of a document laid out with its trace. */
async function placements(document: PrintableDocument): Promise<PrintablePlacement[][]> {
  const trace: PrintablePlacement[] = [];
  await renderPrintablePdf(document, trace);
  const pages: PrintablePlacement[][] = [];
  for (const p of trace) (pages[p.page] ??= []).push(p);
  return pages;
}

/** A table of `rows` rows of `lines` lines each. */
const table = (heading: string, rows: number, lines = 1) => ({
  heading,
  table: {
    columns: [
      { header: '#' },
      { header: '竞买人 Bidder', weight: 3 },
      { header: '金额', align: 'right' as const },
    ],
    rows: Array.from({ length: rows }, (_, i) => [
      String(i + 1),
      [`竞买人 ${i + 1}`, ...Array.from({ length: lines - 1 }, (_, l) => `\n第${l + 2}行`)],
      keep(`${1000 + i}.00 元`),
    ]),
  },
});

describe('renderPrintablePdf pagination', () => {
  it('never ends a page on a heading or a header, whatever falls at the foot', async () => {
    // A first table of n rows pushes the second section's heading down the page step by step;
    // the second's rows of one, three or six lines each must follow its heading and header.
    for (const lines of [1, 3, 6]) {
      for (let n = 28; n <= 44; n += 2) {
        const pages = await placements({
          ...base,
          sections: [table('一 First', n), table('二 Second', 3, lines)],
        });
        for (const placed of pages) {
          expect(['row', 'paragraph']).toContain(placed[placed.length - 1]!.kind);
          placed.forEach((p, i) => {
            if (p.kind === 'header') {
              expect(placed[i + 1]).toMatchObject({ kind: 'row', section: p.section });
            }
            if (p.kind === 'heading') expect(placed[i + 1]?.section).toBe(p.section);
          });
        }
      }
    }
  }, 60_000);

  it('starts every page a table continues on with its heading and header', async () => {
    const pages = await placements({ ...base, sections: [table('出价 Bids', 150)] });
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const placed of pages.slice(1)) {
      expect(placed.slice(0, 3).map((p) => p.kind)).toEqual(['heading', 'header', 'row']);
    }
    // Every row once, in order.
    const rows = pages.flat().filter((p) => p.kind === 'row' && p.section === '出价 Bids');
    expect(rows.map((p) => p.row)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('splits a row taller than a page over pages, with the header above each part', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `第${i + 1}行`).join('\n');
    const pages = await placements({
      ...base,
      sections: [
        {
          heading: '发现 Findings',
          table: {
            columns: [{ header: '#' }, { header: '内容 Text', weight: 4 }],
            rows: [
              ['1', long],
              ['2', 'short'],
            ],
          },
        },
      ],
    });
    const parts = pages.filter((placed) => placed.some((p) => p.kind === 'row' && p.row === 0));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const placed of parts.slice(1))
      expect(placed.slice(0, 2).map((p) => p.kind)).toEqual(['heading', 'header']);
  });
});
