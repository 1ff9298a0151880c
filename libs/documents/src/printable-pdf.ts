import PDFDocument from 'pdfkit';

/**
 * A printable document: a title and sections of labelled fields, tables and paragraphs. Rendered
 * to an A4 PDF with an embedded Chinese font (Noto Sans SC), a footer on every page (what the
 * document is, when it was generated, "page n of m"), so a printed file can be filed, signed
 * and its pages checked for completeness.
 *
 * Text is laid out here, not by pdfkit's line wrapper, so that what must stay whole does:
 * free text wraps at spaces and between Chinese characters, but an {@link Unbroken} run (an
 * identifier, an amount, a date) is never split inside — it is shrunk to fit its cell, and only
 * when even that is not enough wrapped at its own separators (spaces, hyphens, slashes, `·`).
 */
export interface PrintableDocument {
  title: string;
  subtitle?: PrintableCell;
  /** UTC instant the document was generated; stored as the PDF's creation date. */
  generatedAt: string;
  /** Printed on every page before the page number; the title when absent. */
  footer?: string;
  sections: PrintableSection[];
}

export interface PrintableSection {
  heading: string;
  fields?: [label: string, value: PrintableCell][];
  table?: PrintableTable;
  paragraphs?: PrintableCell[];
}

export interface PrintableTable {
  columns: { header: string; align?: 'left' | 'right'; weight?: number }[];
  rows: PrintableCell[][];
  /** Printed in place of an empty table. */
  empty?: string;
}

/** Text printed whole: an identifier, an amount, a date. */
export interface Unbroken {
  keep: string;
}

/** Free text (wrapping normally; `\n` starts a new line) or an unbroken run. */
export type PrintableRun = string | Unbroken;

/** A cell's content: one run, or runs laid out one after the other on shared lines. */
export type PrintableCell = PrintableRun | readonly PrintableRun[];

/** What the layout put where: the trace a test checks the pagination against. */
export interface PrintablePlacement {
  /** Page index from 0. */
  page: number;
  kind: 'heading' | 'header' | 'row' | 'paragraph';
  section: string;
  top: number;
  bottom: number;
  /** The row's index within its table (fields or rows); a row split over pages is placed twice. */
  row?: number;
}

export const keep = (text: string): Unbroken => ({ keep: text });

const FONT_REGULAR = require.resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

const MARGIN = 50;
const FOOTER_GAP = 20;
const CELL_PADDING = 3;
const TABLE_SIZE = 8.5;
/** The smallest size an unbroken run is shrunk to before it is wrapped at its separators. */
const MIN_KEEP_SIZE = 6.5;
const HEADING_SIZE = 12;
const CONTINUED = '（续）';

type Pdf = PDFKit.PDFDocument;
type FontName = 'body' | 'bold';

/** A laid-out line of a cell: its text, the size it prints at and its width there. */
export interface PrintedLine {
  text: string;
  size: number;
  width: number;
}
type Line = PrintedLine;

/** Renders the document; `trace`, when given, receives every block's place. */
export async function renderPrintablePdf(
  document: PrintableDocument,
  trace?: PrintablePlacement[],
): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_GAP, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: document.title,
      Subject: document.subtitle === undefined ? '' : plainText(document.subtitle),
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

  const layout = new Layout(pdf, trace ?? []);
  layout.block(document.title, 'bold', 16);
  if (document.subtitle !== undefined) layout.block(document.subtitle, 'body', 10);
  pdf.y += 12;
  for (const section of document.sections) {
    layout.section(section);
    // Layout is synchronous: let the process serve others between sections of a long file.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  stampPages(pdf, document.footer ?? document.title);
  pdf.end();
  return finished;
}

/** The runs of a cell as plain text (for the PDF's info dictionary). */
function plainText(cell: PrintableCell): string {
  return runsOf(cell)
    .map((run) => (typeof run === 'string' ? run : run.keep))
    .join('');
}

const runsOf = (cell: PrintableCell): readonly PrintableRun[] =>
  typeof cell === 'string' || !Array.isArray(cell) ? [cell as PrintableRun] : cell;

// --- Line breaking ----------------------------------------------------------------------------

interface Atom {
  text: string;
  /** Whitespace: a break opportunity, dropped at the end of a line. */
  space?: boolean;
  newline?: boolean;
  /** An unbroken run: wrapped only at its separators, and only when wider than the line. */
  keep?: boolean;
}

/** Chinese, Japanese and full-width characters: a line may break before or after each. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
/** Punctuation a line must not start with (it stays with the character before). */
const NO_LINE_START = /^[，。、；：？！）》」』】〕,.;:?!)%\]]$/;
/** Punctuation a line must not end with (it stays with the character after). */
const NO_LINE_END = /^[（《「『【〔([]$/;

/** Printed as a character, not a break: it indents the nested lines of a detail. */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Splits free text into atoms: words, single wide characters, spaces and newlines. */
function freeAtoms(text: string): Atom[] {
  const atoms: Atom[] = [];
  let word = '';
  const flush = () => {
    if (word) atoms.push({ text: word });
    word = '';
  };
  for (const char of text) {
    if (char === '\n') {
      flush();
      atoms.push({ text: '', newline: true });
    } else if (/\s/.test(char) && char !== IDEOGRAPHIC_SPACE) {
      flush();
      atoms.push({ text: ' ', space: true });
    } else if (WIDE.test(char)) {
      flush();
      atoms.push({ text: char });
    } else {
      word += char;
    }
  }
  flush();
  // Glue the punctuation that may not start or end a line to its neighbour.
  const glued: Atom[] = [];
  for (const atom of atoms) {
    const previous = glued[glued.length - 1];
    const joins =
      previous &&
      !previous.space &&
      !previous.newline &&
      !atom.space &&
      !atom.newline &&
      (NO_LINE_START.test(atom.text) || NO_LINE_END.test(previous.text.slice(-1)));
    if (joins) glued[glued.length - 1] = { text: previous.text + atom.text, keep: previous.keep };
    else glued.push(atom);
  }
  return glued;
}

function atomsOf(cell: PrintableCell): Atom[] {
  return runsOf(cell).flatMap((run) =>
    typeof run === 'string' ? freeAtoms(run) : [{ text: run.keep, keep: true }],
  );
}

/** An unbroken run's pieces: each ends after one of its separators. */
const separated = (text: string): string[] => text.match(/[^\s\-/·]*[\s\-/·]*/g)!.filter(Boolean);

/**
 * Lays a cell's content out in lines no wider than `width`. A cell that is one unbroken run is
 * first shrunk (down to MIN_KEEP_SIZE) to stay on one line; a run still wider than a line wraps
 * at its separators, and a piece wider than a line on its own is shrunk until it fits. A free
 * word wider than a line breaks between characters, as long text does.
 */
function layoutCell(
  pdf: Pdf,
  cell: PrintableCell,
  font: FontName,
  size: number,
  width: number,
): Line[] {
  return breakCell(cell, size, width, (text, at) => widthOf(pdf, font, at, text));
}

/** {@link layoutCell} with the measure given: pure, for a test to lay text out without a font. */
export function breakCell(
  cell: PrintableCell,
  size: number,
  width: number,
  measure: (text: string, size: number) => number,
): PrintedLine[] {
  const atoms = atomsOf(cell);
  let baseSize = size;
  if (atoms.length === 1 && atoms[0]!.keep) {
    const natural = measure(atoms[0]!.text, size);
    if (natural > width) baseSize = Math.max(MIN_KEEP_SIZE, floorQuarter((size * width) / natural));
  }
  const lines: Line[] = [];
  let current: Line = { text: '', size: baseSize, width: 0 };
  let pendingSpace = false;
  const push = () => {
    lines.push({ ...current, text: current.text.trimEnd() });
    current = { text: '', size: baseSize, width: 0 };
    pendingSpace = false;
  };
  const place = (text: string) => {
    const textWidth = measure(text, baseSize);
    const spaced = pendingSpace && current.text ? ` ${text}` : text;
    const spacedWidth = spaced === text ? textWidth : measure(spaced, baseSize);
    if (current.width + spacedWidth <= width) {
      current.text += spaced;
      current.width += spacedWidth;
      pendingSpace = false;
      return true;
    }
    if (current.text) push();
    if (textWidth <= width) {
      current.text = text;
      current.width = textWidth;
      return true;
    }
    return false;
  };
  for (const atom of atoms) {
    if (atom.newline) {
      push();
    } else if (atom.space) {
      pendingSpace = current.text !== '';
    } else if (!place(atom.text)) {
      // Wider than a whole line on its own.
      const pieces = atom.keep ? separated(atom.text) : [...atom.text];
      for (const piece of pieces) {
        if (place(piece)) continue;
        // A piece that cannot fit even alone: shrink it onto a line of its own.
        const fitted = floorQuarter((baseSize * width) / measure(piece, baseSize));
        lines.push({ text: piece, size: fitted, width: measure(piece, fitted) });
      }
    }
  }
  if (current.text || lines.length === 0) push();
  return lines;
}

const floorQuarter = (size: number) => Math.floor(size * 4) / 4;

/** Text widths by document, font and size: measuring Chinese text is the layout's main cost. */
const widths = new WeakMap<Pdf, Map<string, number>>();

function widthOf(pdf: Pdf, font: FontName, size: number, text: string): number {
  let cache = widths.get(pdf);
  if (!cache) widths.set(pdf, (cache = new Map()));
  const key = `${font}|${size}|${text}`;
  let width = cache.get(key);
  if (width === undefined) {
    width = pdf.font(font).fontSize(size).widthOfString(text);
    cache.set(key, width);
  }
  return width;
}

// --- Pages ------------------------------------------------------------------------------------

interface LaidOutRow {
  cells: Line[][];
  font: FontName;
  shaded: boolean;
}

class Layout {
  constructor(
    private readonly pdf: Pdf,
    private readonly trace: PrintablePlacement[],
  ) {}

  private get width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  private get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  private get page(): number {
    const range = this.pdf.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private lineHeight(line: Line, font: FontName): number {
    return this.pdf.font(font).fontSize(line.size).currentLineHeight();
  }

  private room(): number {
    return this.bottom - this.pdf.y;
  }

  private newPage(): void {
    this.pdf.addPage();
  }

  private record(
    kind: PrintablePlacement['kind'],
    section: string,
    top: number,
    row?: number,
  ): void {
    this.trace.push({
      page: this.page,
      kind,
      section,
      top,
      bottom: this.pdf.y,
      ...(row === undefined ? {} : { row }),
    });
  }

  private drawLines(
    lines: Line[],
    font: FontName,
    x: number,
    y: number,
    width: number,
    align?: string,
  ) {
    let top = y;
    for (const line of lines) {
      const left = align === 'right' ? x + width - line.width : x;
      this.pdf
        .fillColor('#000000')
        .font(font)
        .fontSize(line.size)
        .text(line.text, left, top, { lineBreak: false });
      top += this.lineHeight(line, font);
    }
    return top - y;
  }

  /** A full-width block of text (title, subtitle), never split. */
  block(cell: PrintableCell, font: FontName, size: number): void {
    const lines = layoutCell(this.pdf, cell, font, size, this.width);
    this.pdf.y += this.drawLines(lines, font, this.pdf.page.margins.left, this.pdf.y, this.width);
  }

  section(section: PrintableSection): void {
    const heading = layoutCell(this.pdf, section.heading, 'bold', HEADING_SIZE, this.width);
    const headingHeight = this.heightOf(heading, 'bold') + 4;
    // Keep-with-next: the heading goes to the next page unless its first block fits after it.
    if (headingHeight + this.firstBlockHeight(section) > this.room()) this.newPage();
    this.drawHeading(section.heading);
    if (section.fields?.length) {
      this.table(
        section.heading,
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
    if (section.table) this.table(section.heading, section.table, true);
    for (const paragraph of section.paragraphs ?? []) this.paragraph(section.heading, paragraph);
    this.pdf.y += 10;
  }

  /** The section's heading; on a page its table continues on, marked continued. */
  private drawHeading(name: string, continued = false): void {
    const top = this.pdf.y;
    const text = continued ? `${name}${CONTINUED}` : name;
    const lines = layoutCell(this.pdf, text, 'bold', HEADING_SIZE, this.width);
    this.pdf.y += this.drawLines(lines, 'bold', this.pdf.page.margins.left, top, this.width) + 4;
    this.record('heading', name, top);
  }

  private heightOf(lines: Line[], font: FontName): number {
    return lines.reduce((sum, line) => sum + this.lineHeight(line, font), 0);
  }

  /** The least that must follow a heading on its page: a header and a row, or two lines. */
  private firstBlockHeight(section: PrintableSection): number {
    if (section.fields?.length) {
      const [label, value] = section.fields[0]!;
      return this.startHeight(this.layoutRow(this.widths([1, 2]), [label, value], 'body'), 0);
    }
    if (section.table) {
      const widths = this.tableWidths(section.table);
      const header = this.layoutRow(
        widths,
        section.table.columns.map((c) => c.header),
        'bold',
      );
      const first = section.table.rows[0] ?? [section.table.empty ?? ''];
      const headerHeight = this.rowHeight(header);
      return headerHeight + this.startHeight(this.layoutRow(widths, first, 'body'), headerHeight);
    }
    const paragraph = section.paragraphs?.[0];
    if (paragraph === undefined) return 0;
    const lines = layoutCell(this.pdf, paragraph, 'body', 9, this.width);
    return this.heightOf(lines.slice(0, 2), 'body');
  }

  private widths(weights: number[]): number[] {
    const total = weights.reduce((sum, w) => sum + w, 0);
    return weights.map((w) => (this.width * w) / total);
  }

  private tableWidths(table: PrintableTable): number[] {
    return this.widths(table.columns.map((c) => c.weight ?? 1));
  }

  private layoutRow(
    widths: number[],
    cells: readonly PrintableCell[],
    font: FontName,
    shaded = false,
  ): LaidOutRow {
    return {
      cells: widths.map((width, i) =>
        layoutCell(this.pdf, cells[i] ?? '', font, TABLE_SIZE, width - 2 * CELL_PADDING),
      ),
      font,
      shaded,
    };
  }

  /** What a page a table continues on holds below its heading and its header. */
  private pageBody(headerHeight: number): number {
    return (
      this.bottom - this.pdf.page.margins.top - headerHeight - HEADING_SIZE * 2 - 2 * CELL_PADDING
    );
  }

  /**
   * The room a row needs where it starts: all of it, since a row moves to the next page whole,
   * unless it is taller than a page and is split anyway — then its first two lines.
   */
  private startHeight(row: LaidOutRow | undefined, headerHeight: number): number {
    if (!row) return 0;
    const height = this.rowHeight(row);
    return height <= this.pageBody(headerHeight) ? height : this.leastOf(row);
  }

  /** The least of a row that may stand at a page's foot: all of it, or its first two lines. */
  private leastOf(row: LaidOutRow | undefined): number {
    if (!row) return 0;
    const twoLines = Math.max(
      ...row.cells.map((lines) => this.heightOf(lines.slice(0, 2), row.font)),
    );
    return Math.min(this.rowHeight(row), twoLines + 2 * CELL_PADDING);
  }

  private rowHeight(row: LaidOutRow): number {
    return Math.max(...row.cells.map((lines) => this.heightOf(lines, row.font))) + 2 * CELL_PADDING;
  }

  /**
   * Draws as much of the row as fits in `height` (all of it by default) and answers the lines
   * left over, per cell: a row taller than a page continues on the next one.
   */
  private drawRow(
    row: LaidOutRow,
    widths: number[],
    aligns: (string | undefined)[],
    height = Infinity,
  ): Line[][] | null {
    const top = this.pdf.y;
    const fitting = row.cells.map((lines) => {
      let used = 2 * CELL_PADDING;
      let count = 0;
      for (const line of lines) {
        const next = used + this.lineHeight(line, row.font);
        if (next > height) break;
        used = next;
        count += 1;
      }
      return count;
    });
    const shown = row.cells.map((lines, i) => lines.slice(0, fitting[i]));
    const rowHeight =
      Math.max(...shown.map((lines) => this.heightOf(lines, row.font))) + 2 * CELL_PADDING;
    let x = this.pdf.page.margins.left;
    shown.forEach((lines, i) => {
      const width = widths[i]!;
      if (row.shaded) this.pdf.rect(x, top, width, rowHeight).fill('#eeeeee');
      this.pdf.rect(x, top, width, rowHeight).lineWidth(0.5).stroke('#999999');
      this.drawLines(
        lines,
        row.font,
        x + CELL_PADDING,
        top + CELL_PADDING,
        width - 2 * CELL_PADDING,
        aligns[i],
      );
      x += width;
    });
    this.pdf.x = this.pdf.page.margins.left;
    this.pdf.y = top + rowHeight;
    const rest = row.cells.map((lines, i) => lines.slice(fitting[i]));
    return rest.some((lines) => lines.length > 0) ? rest : null;
  }

  /**
   * A ruled table. A row moves to the next page whole unless it is taller than a page; the
   * section's heading (marked continued) and the header repeat on every page the table
   * continues on, and the header is never left at a page's foot without a row under it.
   */
  private table(section: string, table: PrintableTable, withHeader: boolean): void {
    const widths = this.tableWidths(table);
    const aligns = table.columns.map((c) => c.align);
    const header = this.layoutRow(
      widths,
      table.columns.map((c) => c.header),
      'bold',
      true,
    );
    const headerHeight = withHeader ? this.rowHeight(header) : 0;
    const drawHeader = () => {
      if (!withHeader) return;
      const top = this.pdf.y;
      this.drawRow(header, widths, aligns);
      this.record('header', section, top);
    };
    const continueOnNewPage = () => {
      this.newPage();
      this.drawHeading(section, true);
      drawHeader();
    };
    const rows: LaidOutRow[] =
      table.rows.length === 0 && table.empty
        ? [this.layoutRow(widths, [table.empty], 'body')]
        : table.rows.map((cells) => this.layoutRow(widths, cells, 'body'));
    if (headerHeight + this.startHeight(rows[0], headerHeight) > this.room()) continueOnNewPage();
    else drawHeader();
    const pageBody = this.pageBody(headerHeight);
    rows.forEach((row, index) => {
      let remaining: LaidOutRow | null = row;
      while (remaining) {
        const height = this.rowHeight(remaining);
        // A row moves to the next page whole; only one taller than a page is split, and then
        // only where at least its first lines fit.
        const tooTall = height > pageBody;
        if (height > this.room() && (!tooTall || this.leastOf(remaining) > this.room())) {
          continueOnNewPage();
        }
        const top = this.pdf.y;
        const rest = this.drawRow(remaining, widths, aligns, this.room());
        this.record('row', section, top, index);
        remaining = rest && { ...remaining, cells: rest };
        if (remaining) continueOnNewPage();
      }
    });
    this.pdf.y += 6;
  }

  private paragraph(section: string, paragraph: PrintableCell): void {
    const lines = layoutCell(this.pdf, paragraph, 'body', 9, this.width);
    let index = 0;
    while (index < lines.length) {
      if (this.room() < this.lineHeight(lines[index]!, 'body')) this.newPage();
      const top = this.pdf.y;
      let end = index;
      let height = 0;
      while (end < lines.length && height + this.lineHeight(lines[end]!, 'body') <= this.room()) {
        height += this.lineHeight(lines[end]!, 'body');
        end += 1;
      }
      this.pdf.y += this.drawLines(
        lines.slice(index, end),
        'body',
        this.pdf.page.margins.left,
        top,
        this.width,
      );
      this.record('paragraph', section, top);
      index = end;
    }
  }
}

/** Footer on every page: what the document is, then "page n of m". */
function stampPages(pdf: Pdf, footer: string): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift the margin while stamping.
    pdf.page.margins.bottom = 0;
    pdf
      .font('body')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(
        `${footer} · 第 ${index + 1} / ${range.count} 页`,
        pdf.page.margins.left,
        pdf.page.height - MARGIN,
        {
          width: pdf.page.width - pdf.page.margins.left - pdf.page.margins.right,
          align: 'center',
          lineBreak: false,
        },
      );
    pdf.page.margins.bottom = bottom;
  }
}
