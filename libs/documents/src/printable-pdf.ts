import PDFDocument from 'pdfkit';

/**
 * A printable document: a title and sections of labelled fields, tables and paragraphs. Rendered
 * to an A4 PDF with an embedded Chinese font (Noto Sans SC), page numbers and the generation
 * instant on every page, so a printed file can be filed and its pages checked for completeness.
 */
export interface PrintableDocument {
  title: string;
  subtitle?: string;
  /** UTC instant the document was generated; printed and stored as the PDF's creation date. */
  generatedAt: string;
  sections: PrintableSection[];
}

export interface PrintableSection {
  heading: string;
  fields?: [label: string, value: string][];
  table?: PrintableTable;
  paragraphs?: string[];
}

export interface PrintableTable {
  columns: { header: string; align?: 'left' | 'right'; weight?: number }[];
  rows: string[][];
  /** Printed in place of an empty table. */
  empty?: string;
}

const FONT_REGULAR = require.resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

const MARGIN = 50;
const FOOTER_GAP = 20;
const CELL_PADDING = 3;

export async function renderPrintablePdf(document: PrintableDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_GAP, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: document.title,
      Subject: document.subtitle ?? '',
      Creator: 'ip-pledge',
      CreationDate: new Date(document.generatedAt),
    },
  });
  pdf.registerFont('body', FONT_REGULAR);
  pdf.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('bold').fontSize(16).text(document.title);
  if (document.subtitle) pdf.font('body').fontSize(11).text(document.subtitle);
  pdf.moveDown();
  for (const section of document.sections) renderSection(pdf, section);
  stampPages(pdf, document);
  pdf.end();
  return finished;
}

function contentWidth(pdf: PDFKit.PDFDocument): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}

function bottomLimit(pdf: PDFKit.PDFDocument): number {
  return pdf.page.height - pdf.page.margins.bottom;
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number): boolean {
  if (pdf.y + height <= bottomLimit(pdf)) return false;
  pdf.addPage();
  return true;
}

function renderSection(pdf: PDFKit.PDFDocument, section: PrintableSection): void {
  ensureRoom(pdf, 60);
  pdf.x = pdf.page.margins.left;
  pdf.font('bold').fontSize(12).text(section.heading);
  pdf.moveDown(0.3);
  if (section.fields?.length) {
    renderTable(
      pdf,
      {
        columns: [
          { header: '', weight: 1 },
          { header: '', weight: 2 },
        ],
        rows: section.fields.map(([label, value]) => [label, value]),
      },
      false,
    );
  }
  if (section.table) renderTable(pdf, section.table, true);
  for (const paragraph of section.paragraphs ?? []) {
    pdf.x = pdf.page.margins.left;
    pdf
      .font('body')
      .fontSize(9)
      .text(paragraph, { width: contentWidth(pdf) });
  }
  pdf.moveDown();
}

/** A ruled table whose rows wrap; a row never splits across pages and the header repeats. */
function renderTable(pdf: PDFKit.PDFDocument, table: PrintableTable, withHeader: boolean): void {
  const left = pdf.page.margins.left;
  const totalWeight = table.columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = table.columns.map((c) => (contentWidth(pdf) * (c.weight ?? 1)) / totalWeight);
  const rowHeight = (cells: string[], font: string): number => {
    pdf.font(font).fontSize(8.5);
    return Math.max(
      ...cells.map(
        (cell, i) =>
          pdf.heightOfString(cell || ' ', { width: widths[i]! - 2 * CELL_PADDING }) +
          2 * CELL_PADDING,
      ),
    );
  };
  const drawRow = (cells: string[], font: string, shaded: boolean): void => {
    const height = rowHeight(cells, font);
    const top = pdf.y;
    let x = left;
    cells.forEach((cell, i) => {
      const width = widths[i]!;
      if (shaded) pdf.rect(x, top, width, height).fill('#eeeeee');
      pdf.rect(x, top, width, height).lineWidth(0.5).stroke('#999999');
      pdf
        .fillColor('#000000')
        .font(font)
        .fontSize(8.5)
        .text(cell, x + CELL_PADDING, top + CELL_PADDING, {
          width: width - 2 * CELL_PADDING,
          align: table.columns[i]?.align ?? 'left',
        });
      x += width;
    });
    pdf.x = left;
    pdf.y = top + height;
  };
  const header = table.columns.map((c) => c.header);
  if (withHeader) {
    ensureRoom(pdf, rowHeight(header, 'bold') * 2);
    drawRow(header, 'bold', true);
  }
  if (table.rows.length === 0 && table.empty) {
    drawRow([table.empty, ...table.columns.slice(1).map(() => '')], 'body', false);
  }
  for (const row of table.rows) {
    if (ensureRoom(pdf, rowHeight(row, 'body')) && withHeader) drawRow(header, 'bold', true);
    drawRow(row, 'body', false);
  }
  pdf.moveDown(0.5);
}

/** Footer on every page: the title, the generation instant and "page n of m". */
function stampPages(pdf: PDFKit.PDFDocument, document: PrintableDocument): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift the margin while stamping.
    pdf.page.margins.bottom = 0;
    pdf
      .font('body')
      .fontSize(8)
      .fillColor('#555555')
      .text(
        `${document.title} · ${document.generatedAt} · 第 ${index + 1} / ${range.count} 页`,
        pdf.page.margins.left,
        pdf.page.height - MARGIN,
        { width: contentWidth(pdf), align: 'center', lineBreak: false },
      );
    pdf.page.margins.bottom = bottom;
  }
}
