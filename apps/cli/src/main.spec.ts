import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BTC_FILE } from './testing/cli-harness';

const ROOT = join(__dirname, '../../..');

// The real entry point, as `pnpm cli` starts it: tsx on main.ts from the repository root.
const cli = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(__dirname, 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('cli main', () => {
  it('should exit 0 and print the signal JSON on stdout when given the BTC file', () => {
    const { status, stdout, stderr } = cli('signal', '--input', BTC_FILE);
    expect([status, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toMatchObject({ vol_regime: 'calm', risk_score: 0.5172 });
  });

  it('should exit 1 with one line on stderr when the input file is missing', () => {
    const { status, stdout, stderr } = cli('features', '--input', 'missing.csv', '--output', '-');
    expect([status, stdout, stderr]).toEqual([
      1,
      '',
      'error: cannot read missing.csv: no such file or directory\n',
    ]);
  });

  it('should exit 1 naming the command when it is unknown', () => {
    const { status, stderr } = cli('featurs');
    expect(status).toBe(1);
    expect(stderr).toMatch(/unknown command 'featurs'/);
  });
});
