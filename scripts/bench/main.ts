import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResult, record } from './bench-recorder';

/**
 * `pnpm bench <name> [args]` runs `scripts/bench/<name>.bench.ts`, whose `run(args)` measures and returns the
 * figures (`pnpm bench model --walk-forward`).
 */
async function main(): Promise<number> {
  const available = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length));
  const name = process.argv[2];
  if (!name || !available.includes(name)) {
    process.stderr.write(
      `error: ${name ? `no benchmark "${name}"` : 'name a benchmark'}; available: ${available.join(', ')}\n`,
    );
    return 1;
  }
  const bench = (await import(join(__dirname, `${name}.bench.ts`))) as {
    run(args: readonly string[]): Promise<BenchResult>;
  };
  await record(await bench.run(process.argv.slice(3)));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
