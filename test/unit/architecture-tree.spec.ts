import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The script is plain CommonJS (run by node without a build step).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tree = require('../../scripts/architecture-tree.js') as {
  block(): string;
  readmeBlock(readme: string): string | null;
  withBlock(readme: string, content: string): string;
};

describe("README's architecture block", () => {
  it('is what scripts/architecture-tree.js derives from the tree (run it with --write)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(tree.readmeBlock(readme)).toBe(tree.block());
  });

  it('names every top-level folder and every process home that exists', () => {
    const block = tree.block();
    for (const folder of ['apps/api/', 'workflows/', 'libs/domain/', 'docs/', 'test/'])
      expect(block).toContain(folder);
    expect(block).toContain('workflows/loan-case/');
    expect(block).not.toContain('node_modules');
  });

  it('replaces only what stands between the markers', () => {
    const readme = 'intro\n<!-- architecture:begin -->\nold\n<!-- architecture:end -->\nrest\n';
    expect(tree.withBlock(readme, 'new')).toBe(
      'intro\n<!-- architecture:begin -->\nnew\n<!-- architecture:end -->\nrest\n',
    );
  });
});
