import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Raised at boot when the environment does not satisfy an app's env class; names every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const describe = (errors: ValidationError[]): string[] =>
  errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`));

/**
 * Builds a typed environment from `source` (default `process.env`): defaults are the property initialisers
 * of `envClass`, strings are converted to the declared types (declare the property type, e.g. `PORT: number = 8800`, so its metadata drives the conversion), and every
 * violated constraint is reported at once so a bad deployment fails at boot, not at first use (STYLE §5).
 */
export function loadEnv<T extends object>(
  envClass: new () => T,
  source: Record<string, string | undefined> = process.env,
): T {
  const defaults = new envClass();
  const given = Object.fromEntries(
    Object.keys(defaults)
      .concat(Object.keys(source).filter((k) => /^[A-Z][A-Z0-9_]*$/.test(k)))
      .filter((k) => source[k] !== undefined && source[k] !== '')
      .map((k) => [k, source[k]]),
  );
  const env = plainToInstance(envClass, { ...defaults, ...given }, { enableImplicitConversion: true });
  const problems = describe(validateSync(env, { whitelist: true, forbidUnknownValues: false }));
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}
