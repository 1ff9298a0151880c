import ExcelJS from 'exceljs';
import type { ExportColumn, ExportRow } from './export-report';

const FORMULA_START = /^[=+\-@\t\r]/;
/** UTF-8 byte order mark: without it Excel reads Chinese text in a CSV as mojibake. */
const BOM = '\uFEFF';

function cellText(column: ExportColumn, value: ExportRow[string]): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A text cell starting like a formula would run in the reader's spreadsheet (CSV injection).
  return column.kind === 'text' && FORMULA_START.test(text) ? `'${text}` : text;
}

function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function headerOf(column: ExportColumn): string {
  return `${column.headerZh} ${column.header}`;
}

/** RFC 4180 CSV (CRLF line ends), UTF-8 with a byte order mark, bilingual headers. */
export function renderCsv(columns: readonly ExportColumn[], rows: readonly ExportRow[]): Buffer {
  const lines = [columns.map((c) => quoteCsv(headerOf(c))).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => quoteCsv(cellText(c, row[c.key] ?? null))).join(','));
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * One worksheet with a frozen, bold header row. Money stays text ("1500000.00") so no figure
 * passes through a binary float; integers are numbers.
 */
export async function renderXlsx(
  title: string,
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ip-pledge';
  const sheet = workbook.addWorksheet(title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: headerOf(c),
    key: c.key,
    width: Math.max(12, headerOf(c).length + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, string | number | null> = {};
    for (const c of columns) {
      const value = row[c.key] ?? null;
      values[c.key] = c.kind === 'integer' || value === null ? value : cellText(c, value);
    }
    const added = sheet.addRow(values);
    columns.forEach((c, index) => {
      if (c.kind === 'money') added.getCell(index + 1).alignment = { horizontal: 'right' };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
