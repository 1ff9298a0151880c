import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from '../setup/test-env';

/**
 * Recorded histories of the golden scenarios, replayed against the current workflow code. A
 * change that makes the workflow non-deterministic (a new activity call, a reordered step
 * without a patch) fails here. Re-record with `RECORD_HISTORIES=1 npm test -- <file>` for
 * long-loan, default-disposal or subsidy-claims.
 */
describe('replay of recorded workflow histories (loan case, default and disposal, subsidy claim)', () => {
  const dir = join(__dirname, '..', 'fixtures', 'histories');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('has recorded histories to replay, spanning continue-as-new', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('replays %s without non-determinism', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv().bundlePath } },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});
