import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CATALOGUE, isErrorCode } from '../../domain/src/errors';
import { PRE_FILING_GROUNDS, REGISTRATION_REFUSAL_REASONS } from '../../domain/src/ip-assets';
import { HTTP_STATUS, httpStatusFor } from './http-status';

/**
 * The catalogue holds every code the system raises. The scan reads every production source file
 * of the tree (by pattern, not from a list, so moved and new files are covered) and collects
 * the codes raised by each of the ways the system raises one.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SOURCE_ROOTS = ['apps', 'libs', 'workflows', 'activities', 'scripts'];
const NOT_PRODUCTION = /\.(spec|int-spec|workflow-spec)\.ts$|\.d\.ts$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'lint-fixtures']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRECTORIES.has(name) ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !NOT_PRODUCTION.test(name) ? [path] : [];
  });
}

const CODE_LITERAL = /'([A-Z][A-Z0-9_]*[A-Z0-9])'/g;
const literalsIn = (text: string) => [...text.matchAll(CODE_LITERAL)].map((m) => m[1]!);

/** Index just past the bracket that closes the one at `open` (strings and comments skipped). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (text.startsWith('//', i)) {
      i = text.indexOf('\n', i);
      if (i < 0) return text.length;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The top-level arguments of the call whose `(` is at `open`. */
function argumentsOf(text: string, open: number): string[] {
  const end = closing(text, open) - 1;
  const args: string[] = [];
  let start = open + 1;
  for (let i = open + 1; i < end; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) i = closing(text, i) - 1;
    else if (c === "'" || c === '"' || c === '`') {
      for (i++; i < end && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (text.startsWith('//', i)) i = text.indexOf('\n', i);
    else if (c === ',') {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  args.push(text.slice(start, end));
  return args.map((a) => a.trim());
}

/** The object literal `{ … }` that encloses position `at`. */
function enclosingObject(text: string, at: number): string {
  let depth = 0;
  for (let i = at; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{' && depth-- === 0) return text.slice(i, closing(text, i));
  }
  return '';
}

/** Every code raised in `text`, by each way the system raises one. */
export function codesRaisedIn(text: string): string[] {
  const codes: string[] = [];
  // refuse('CODE', …), new DomainError('CODE', …), new ProblemException('CODE', …) and the old
  // ProblemException(status, 'CODE', …), problem(status, 'CODE', …); dynamic first arguments
  // (`ground ?? 'IP_CHECK_FAILED'`, `sold ? 'A' : 'B'`) contribute their literals.
  for (const m of text.matchAll(/\b(?:refuse|new DomainError|new ProblemException|problem)\(/g)) {
    const args = argumentsOf(text, m.index + m[0].length - 1);
    const codeArgument = /^\d{3}$/.test(args[0] ?? '') ? args[1] : args[0];
    codes.push(...literalsIn(codeArgument ?? ''));
  }
  for (const m of text.matchAll(/\bErrorCodes\.([A-Z][A-Z0-9_]*)/g)) codes.push(m[1]!);
  // ApplicationFailure.create({ type: 'CODE' … }) and `type: x ?? 'CODE'`.
  for (const m of text.matchAll(/ApplicationFailure\.(?:create|nonRetryable|retryable)\(/g)) {
    const type = /\btype:\s*([^,\n]*)/.exec(enclosingObject(text, m.index + m[0].length + 1));
    if (type) codes.push(...literalsIn(type[1]!));
  }
  // Refusal results and error bodies: `{ ok: false, code: 'CODE' … }`, `{ code: 'CODE', message }`.
  for (const m of text.matchAll(/\bcode:\s*([^,;\n]*)/g)) {
    const values = literalsIn(m[1]!);
    if (values.length === 0) continue;
    if (/\bmessage\b|ok:\s*false|allowed:\s*false/.test(enclosingObject(text, m.index)))
      codes.push(...values);
  }
  return codes;
}

function codesRaisedInTree(): Map<string, Set<string>> {
  const raised = new Map<string, Set<string>>();
  for (const top of SOURCE_ROOTS) {
    for (const file of sourceFiles(join(ROOT, top))) {
      for (const code of codesRaisedIn(readFileSync(file, 'utf8'))) {
        if (!raised.has(code)) raised.set(code, new Set());
        raised.get(code)!.add(relative(ROOT, file));
      }
    }
  }
  return raised;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

describe('error catalogue', () => {
  it('has a row for every code raised anywhere in the production code', () => {
    const raised = codesRaisedInTree();
    // The scan must see the system's codes at all (guards against a broken scan passing).
    expect(raised.size).toBeGreaterThan(60);
    const missing = [...raised]
      .filter(([code]) => !isErrorCode(code))
      .map(([code, files]) => `${code} (raised in ${[...files].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has a row for every pre-filing ground and registration refusal reason (raised by key)', () => {
    const keys = [...Object.keys(PRE_FILING_GROUNDS), ...Object.keys(REGISTRATION_REFUSAL_REASONS)];
    expect(keys.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it.each(Object.entries(ERROR_CATALOGUE))('%s has English and a Chinese translation', (_, row) => {
    expect(row.en.trim()).not.toBe('');
    expect(row.zh).toMatch(CJK);
    expect(row.zh).not.toBe(row.en);
  });

  it('gives every code an HTTP status, and no status to a code without a row', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      const status = (HTTP_STATUS as Record<string, number>)[code];
      expect({ code, status }).toEqual({ code, status: expect.any(Number) });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(Object.keys(HTTP_STATUS).filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('answers an uncatalogued code with the fallback', () => {
    expect(httpStatusFor('INVALID_TRANSITION')).toBe(409);
    expect(httpStatusFor('SOMETHING_ELSE')).toBe(422);
    expect(httpStatusFor('SOMETHING_ELSE', 599)).toBe(599);
  });
});

describe('the code scan', () => {
  it('finds each way of raising a code', () => {
    const source = `
      throw refuse('A_REFUSAL', 'm');
      throw refuse(first?.ground ?? 'A_FALLBACK', 'm');
      throw new DomainError(
        'A_DOMAIN_ERROR', 'm');
      new DomainError(ErrorCodes.AN_ENUM_CODE, 'm');
      throw new ProblemException('A_PROBLEM', \`x \${y}\`, { status: 404 });
      throw new ${'ProblemException'}(409, 'AN_OLD_PROBLEM', 'm', undefined, { a: 1 });
      throw ApplicationFailure.create({ type: e.type ?? 'A_FAILURE', message: 'm' });
      return { ok: false, code: 'A_RESULT', heldBy };
      return new BadRequestException({ code: 'A_BODY', message: 'm' });
      const bucket = { code: 'NOT_AN_ERROR', fromDays: 0 };
    `;
    expect(codesRaisedIn(source).sort()).toEqual(
      [
        'AN_ENUM_CODE',
        'AN_OLD_PROBLEM',
        'A_BODY',
        'A_DOMAIN_ERROR',
        'A_FAILURE',
        'A_FALLBACK',
        'A_PROBLEM',
        'A_REFUSAL',
        'A_RESULT',
      ].sort(),
    );
  });
});
