import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Each rule of .dependency-cruiser.js fires on its fixture in test/lint-fixtures/, and only
 * there. (That the real tree has no violation is what `npm run lint` checks.)
 */
const ROOT = join(__dirname, '..', '..');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

function cruise(...targets: string[]): Violation[] {
  const run = spawnSync('node', [join(ROOT, 'scripts/lib/cruise.mjs'), ...targets], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`cruise failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Violation[];
}

describe('dependency rules (.dependency-cruiser.js)', () => {
  let violations: Violation[];
  beforeAll(() => {
    violations = cruise('test/lint-fixtures');
  });

  it.each([
    ['domain-imports-only-itself', 'test/lint-fixtures/libs/domain/impure.ts', 'crypto'],
    [
      'persistence-stays-below-the-processes',
      'test/lint-fixtures/libs/persistence/reaches-up.ts',
      'test/lint-fixtures/workflows/fixture.workflow.ts',
    ],
    [
      'libs-stay-below-the-processes',
      'test/lint-fixtures/libs/common/reaches-up.ts',
      'test/lint-fixtures/activities/fixture.activities.ts',
    ],
    [
      'workflows-import-only-the-workflow-sdk-and-the-domain',
      'test/lint-fixtures/workflows/fixture.workflow.ts',
      'node_modules/@temporalio/client/lib/index.js',
    ],
    [
      'workflow-tracing-imports-only-the-sdk-interceptors',
      'test/lint-fixtures/workflows/shared/tracing.interceptors.ts',
      'node_modules/@temporalio/interceptors-opentelemetry/lib/client/index.js',
    ],
    [
      'console-imports-only-itself-and-packages',
      'test/lint-fixtures/apps/console/reaches-the-server.ts',
      'test/lint-fixtures/libs/domain/impure.ts',
    ],
    ['no-orphans', 'test/lint-fixtures/orphan/lonely.ts', 'test/lint-fixtures/orphan/lonely.ts'],
    ['no-circular', 'test/lint-fixtures/cycle/a.ts', 'test/lint-fixtures/cycle/b.ts'],
  ])('%s reports its fixture %s → %s', (rule, from, to) => {
    expect(violations).toContainEqual({ rule, from, to });
  });

  it('reports nothing else: a workflow may import activity types; a loop closed by `import type` is allowed', () => {
    expect(violations).toHaveLength(8);
    expect(violations.filter((v) => v.from.includes('/type-cycle/'))).toEqual([]);
    expect(violations).not.toContainEqual(
      expect.objectContaining({
        from: 'test/lint-fixtures/workflows/fixture.workflow.ts',
        to: 'test/lint-fixtures/activities/fixture.activities.ts',
      }),
    );
  });
});
