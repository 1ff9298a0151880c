/**
 * Report exports in tests: queue one, wait until the worker has rendered it, download it, and
 * read the CSV or XLSX back into rows of text.
 */
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { eventually, type Json } from './case-flows';
import type { TestSystem } from './test-system';

/** Collects a binary response body (supertest only buffers text by default). */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Parses our CSV (quoted fields never contain line breaks here), header row first. */
export function csvRows(content: Buffer): string[][] {
  const text = content.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '')
    .map(csvFields);
}

/** The fields of one CSV line: quotes and doubled quotes undone, empty fields kept (also last). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/** The first worksheet's rows, header first, each cell's value as ExcelJS reads it. */
export async function xlsxRows(content: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Queues an export (202), waits until it is READY and downloads it. */
export async function exportWhenReady(
  system: TestSystem,
  username: string,
  body: object,
): Promise<{ id: string; file: Buffer; job: Json }> {
  const user = await system.as(username);
  const queued = await user.post('/api/v1/exports', body).expect(202);
  expect(queued.body.status).toBe('QUEUED');
  let job: Json = null;
  await eventually(async () => {
    job = (await user.get(`/api/v1/exports/${queued.body.id}`).expect(200)).body;
    expect(job.status).toBe('READY');
  }, 20_000);
  const download = await user.get(job.download).buffer(true).parse(binary).expect(200);
  return {
    id: queued.body.id,
    file: download.body as Buffer,
    job: { ...job, contentType: download.headers['content-type'] },
  };
}
