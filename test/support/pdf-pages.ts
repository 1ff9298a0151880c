/**
 * A PDF read the way a person reads it: its pages rendered to images and its text extracted as
 * laid out, by poppler-utils (pdftoppm, pdftotext). Installed with apt when missing, as CI does.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Installs poppler-utils when pdftoppm is missing; throws if it cannot be installed. */
export function ensurePoppler(): void {
  if (spawnSync('pdftoppm', ['-v']).error === undefined) return;
  const root = process.getuid?.() === 0;
  const apt = (args: string[]) =>
    root
      ? execFileSync('apt-get', args, { stdio: 'inherit' })
      : execFileSync('sudo', ['apt-get', ...args], { stdio: 'inherit' });
  apt(['update']);
  apt(['install', '-y', 'poppler-utils']);
  if (spawnSync('pdftoppm', ['-v']).error !== undefined) {
    throw new Error('pdftoppm (poppler-utils) is needed to render the PDF pages');
  }
}

const run = promisify(execFile);

/**
 * The text of each page, laid out (`pdftotext -layout`), in page order. Poppler runs as a child
 * process without blocking the event loop, so the in-process worker and API keep running.
 */
export async function pdfPagesText(pdfPath: string): Promise<string[]> {
  const { stdout: text } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // Pages end with a form feed; the last one is followed by nothing.
  return text.split('\f').slice(0, -1);
}

export interface PageImage {
  page: number;
  png: string;
  /** Share of pixels darker than mid-grey, 0–1. */
  inkShare: number;
  /** Share of rows of pixels with any ink: a page filled top to bottom is near 1. */
  inkedRowsShare: number;
}

/**
 * Writes the PDF to `dir/file.pdf` and renders every page to `dir/page-<n>.png` at `dpi`, and measures each page's ink from a
 * greyscale rendering of the same page (PGM, read here byte by byte).
 */
export async function renderPages(pdf: Buffer, dir: string, dpi = 80): Promise<PageImage[]> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = join(dir, 'file.pdf');
  writeFileSync(source, pdf);
  await run('pdftoppm', ['-png', '-r', String(dpi), source, join(dir, 'page')]);
  await run('pdftoppm', ['-gray', '-r', String(dpi), source, join(dir, 'gray')]);
  const numbered = (prefix: string, ext: string) =>
    readdirSync(dir)
      .filter((name) => name.startsWith(`${prefix}-`) && name.endsWith(ext))
      .sort((a, b) => pageOf(a) - pageOf(b));
  const pngs = numbered('page', '.png');
  return numbered('gray', '.pgm').map((name, index) => {
    const stats = inkOf(readFileSync(join(dir, name)));
    rmSync(join(dir, name));
    return { page: index + 1, png: join(dir, pngs[index]!), ...stats };
  });
}

const pageOf = (name: string) => Number(/-(\d+)\.\w+$/.exec(name)![1]);

/** Ink of a binary greyscale PGM (P5, 8 bits). */
function inkOf(pgm: Buffer): { inkShare: number; inkedRowsShare: number } {
  // Header: "P5", width, height, maxval, each separated by whitespace, then one whitespace byte.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  let inkedRows = 0;
  for (let y = 0; y < height; y++) {
    let rowInk = 0;
    for (let x = 0; x < width; x++) if (pixels[y * width + x]! < 128) rowInk += 1;
    ink += rowInk;
    if (rowInk > 0) inkedRows += 1;
  }
  return { inkShare: ink / (width * height), inkedRowsShare: inkedRows / height };
}
