import { spawnSync } from 'node:child_process';
import { DCLinter } from 'dclint';
import { validate } from 'dockerfile-utils';
import { REPO_ROOT } from './repo';

export interface LintFinding {
  line: number;
  rule: string;
  message: string;
}

/** Debian's package (bookworm: 1.29.2, the Python v1); `make tools` installs it before the tests. */
export const DOCKER_COMPOSE_APT_PACKAGE = 'docker-compose';

/**
 * `docker-compose -f <file> config --quiet`: Compose's own validation (schema, interpolation, `depends_on`
 * targets, build contexts). No Docker engine is needed for `config`.
 */
export function dockerComposeConfig(composeFile: string): { exitCode: number; output: string } {
  const run = spawnSync('docker-compose', ['-f', composeFile, 'config', '--quiet'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      `docker-compose is not installed: \`apt-get install -y ${DOCKER_COMPOSE_APT_PACKAGE}\` (or \`make tools\`) before these tests`,
    );
  }
  if (run.error) throw run.error;
  return { exitCode: run.status ?? -1, output: `${run.stdout}${run.stderr}`.trim() };
}

/**
 * dclint's rules that do not fit this file. Its schema check (the compose-spec JSON schema, not optional)
 * and every other rule stay on, warnings included.
 */
const DCLINT_RULES_OFF = {
  // docker-compose 1.29, the other validator, rejects the top-level `name`
  'require-project-name-field': 0,
  // services are grouped by role (data services, consoles, one-shots, apps), not sorted by name
  'services-alphabetical-order': 0,
  // the `x-` anchors come first, in the order the services use them
  'top-level-properties-order': 0,
} as const;

/** dclint's result shape: its bundled .d.ts files use extensionless ESM imports that TypeScript's node20 resolution does not follow. */
interface DclintResult {
  messages: { line: number; rule: string; message: string }[];
}

/** Every dclint finding (errors and warnings) for a Compose file. */
export function dclintFindings(composeFile: string): LintFinding[] {
  const linter = new DCLinter({ rules: DCLINT_RULES_OFF, quiet: false, debug: false, exclude: [] });
  const results = linter.lintFiles([composeFile], false) as DclintResult[];
  return results
    .flatMap((result) => result.messages)
    .map(({ line, rule, message }) => ({ line, rule, message }));
}

/** dockerfile-utils (the validator of the VS Code Docker extension) at its default severities. */
export function dockerfileFindings(content: string): LintFinding[] {
  return validate(content).map((d) => ({
    line: d.range.start.line + 1,
    rule: `dockerfile-utils:${String(d.code)}`,
    message: typeof d.message === 'string' ? d.message : d.message.value,
  }));
}
