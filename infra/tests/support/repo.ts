import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root: infra/tests/support → ../../.. */
export const REPO_ROOT = resolve(__dirname, '../../..');

export const repoPath = (...segments: string[]): string => join(REPO_ROOT, ...segments);

export const readRepoFile = (relativePath: string): string => readFileSync(repoPath(relativePath), 'utf8');

export const existsInRepo = (relativePath: string): boolean => existsSync(repoPath(relativePath));

/** YAML as Compose reads it: `<<` merge keys resolved (YAML 1.1, which docker-compose and PyYAML follow). */
export const parseYaml = <T>(text: string): T => parse(text, { merge: true }) as T;

export const readRepoYaml = <T>(relativePath: string): T => parseYaml<T>(readRepoFile(relativePath));

/** `KEY=value` lines of a shell env file such as infra/native/versions.env (comments and blanks skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1).replace(/^["']|["']$/g, '')];
      }),
  );
}
