import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ALL_FEATURE_COLUMNS, type FeatureColumns } from '@crypto/features';
import type { Timing } from './bench-recorder';

const PYTHON_DIR = join(__dirname, 'python');
const REQUIREMENTS = join(PYTHON_DIR, 'requirements.txt');
const VENV = join(__dirname, '../../.local/venv/bench');
const VENV_PYTHON = join(VENV, 'bin/python');
// A copy of the requirements the venv was installed from: equal to REQUIREMENTS, there is nothing to install.
const INSTALLED = join(VENV, 'requirements.installed.txt');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
// The feature table comes back as JSON: ~12 columns × 44k numbers at up to ~24 characters each.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

const exec = promisify(execFile);

export type PandasBaseline =
  | { available: true; versions: string; candles: number; timing: Timing; crossCheck: CrossCheck }
  | { available: false; reason: string };

/** The pandas table against the TypeScript one, over the values both define. */
export interface CrossCheck {
  /** Values defined on one side and NaN on the other (SPEC §5 null rules): 0 when the NaN positions match. */
  nanMismatches: number;
  compared: number;
  maxAbsDiff: number;
  maxAbsColumn: string;
  /** |a − b| / max(|a|, |b|) (0 when both are 0). */
  maxRelDiff: number;
  maxRelColumn: string;
}

interface PandasOutput {
  python: string;
  pandas: string;
  numpy: string;
  candles: number;
  timing: Timing;
  columns: Record<string, (number | null)[]>;
}

/**
 * Runs scripts/bench/python/features_pandas.py on the candle file (its venv created on first use) and
 * compares its feature table with `ours`, the TypeScript batch table of the same file. Never throws: when
 * Python, the venv or pip fails, the baseline is unavailable with the reason.
 */
export async function pandasBaseline(
  csvFile: string,
  ours: FeatureColumns,
  { warmup, runs }: { warmup: number; runs: number },
): Promise<PandasBaseline> {
  try {
    await ensureVenv();
    const script = join(PYTHON_DIR, 'features_pandas.py');
    const { stdout } = await exec(VENV_PYTHON, [script, csvFile, String(warmup), String(runs)], {
      maxBuffer: MAX_OUTPUT_BYTES,
    });
    const output = JSON.parse(stdout) as PandasOutput;
    return {
      available: true,
      versions: `Python ${output.python}, pandas ${output.pandas}, numpy ${output.numpy}`,
      candles: output.candles,
      timing: output.timing,
      crossCheck: compare(output.columns, ours),
    };
  } catch (error) {
    return { available: false, reason: reasonOf(error) };
  }
}

async function ensureVenv(): Promise<void> {
  const wanted = await readFile(REQUIREMENTS, 'utf8');
  const installed = await readFile(INSTALLED, 'utf8').catch(() => undefined);
  if (existsSync(VENV_PYTHON) && installed === wanted) return;
  process.stderr.write(`installing the pandas baseline into ${relative(process.cwd(), VENV)} …\n`);
  await exec(process.env['PYTHON'] ?? 'python3', ['-m', 'venv', VENV]);
  await exec(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', REQUIREMENTS], {
    timeout: INSTALL_TIMEOUT_MS,
  });
  await writeFile(INSTALLED, wanted);
}

function compare(theirs: PandasOutput['columns'], ours: FeatureColumns): CrossCheck {
  const check: CrossCheck = {
    nanMismatches: 0,
    compared: 0,
    maxAbsDiff: 0,
    maxAbsColumn: '',
    maxRelDiff: 0,
    maxRelColumn: '',
  };
  for (const name of ALL_FEATURE_COLUMNS) {
    const column = theirs[name];
    if (column?.length !== ours.length)
      throw new Error(`pandas table: column ${name} missing or not ${ours.length} long`);
    for (let t = 0; t < ours.length; t++) {
      const a = ours[name][t]!;
      const b = column[t] ?? NaN;
      if (Number.isNaN(a) || Number.isNaN(b)) {
        if (Number.isNaN(a) !== Number.isNaN(b)) check.nanMismatches++;
        continue;
      }
      check.compared++;
      const abs = Math.abs(a - b);
      const rel = abs === 0 ? 0 : abs / Math.max(Math.abs(a), Math.abs(b));
      if (abs > check.maxAbsDiff) Object.assign(check, { maxAbsDiff: abs, maxAbsColumn: name });
      if (rel > check.maxRelDiff) Object.assign(check, { maxRelDiff: rel, maxRelColumn: name });
    }
  }
  return check;
}

// A failed child process carries its stderr: its last line says why (a Python traceback ends with the error).
function reasonOf(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  if (stderr) return stderr.split('\n').at(-1)!;
  return error instanceof Error ? error.message : String(error);
}
