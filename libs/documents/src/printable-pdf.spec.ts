import { renderPrintablePdf, type PrintableDocument } from './printable-pdf';

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
