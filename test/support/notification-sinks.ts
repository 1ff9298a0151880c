import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One request an HTTP sink received, and what it answered. */
export interface Receipt {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local HTTP server standing in for a webhook subscriber or an SMS gateway. */
export interface HttpSink {
  url: string;
  receipts: Receipt[];
  close(): Promise<void>;
}

/** Starts an HTTP sink answering each request with `answer(path, body, receipts so far)`. */
export async function startHttpSink(
  answer: (path: string, body: string, receipts: Receipt[]) => number,
): Promise<HttpSink> {
  const receipts: Receipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const status = answer(path, body, receipts);
      receipts.push({ path, headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    receipts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One message the SMTP sink received, its subject and text decoded. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) of a header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`)
    .replace(/%(?![0-9A-F]{2})/gi, '%25');
  return decodeURIComponent(bytes);
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const header = (name: string) =>
    headers
      .find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const content = rest.join('\n\n');
  const text =
    encoding === 'base64'
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(content)
        : content;
  return { to, subject: decodeHeader(header('Subject')), text: text.trim(), raw };
}

/** A local SMTP server (no TLS, no authentication) keeping every message it accepts. */
export async function startSmtpSink(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type VerifyRecipe = (secret: string, headers: IncomingHttpHeaders, rawBody: string) => boolean;

/** The signature check of docs/notifications.md, exactly as the document gives it. */
export function docsVerifyRecipe(): VerifyRecipe {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'notifications.md'), 'utf8');
  const block =
    /<!-- verify-recipe:begin -->\s*```js\n([\s\S]*?)```\s*<!-- verify-recipe:end -->/.exec(doc);
  if (!block) throw new Error('docs/notifications.md has no verify recipe block');
  return new Function('require', `${block[1]}\nreturn verifyIpPledgeWebhook;`)(
    require,
  ) as VerifyRecipe;
}
