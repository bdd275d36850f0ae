import { posix } from 'node:path';
import { summarizeDockerfile } from './support/dockerfile';
import { dockerfileFindings } from './support/linters';
import { loadCompose } from './support/platform';
import { readRepoFile } from './support/repo';

const compose = loadCompose();
/** Every Dockerfile docker-compose.yml builds, as a repository path. */
const dockerfiles = [
  ...new Set(
    Object.values(compose.services).flatMap(({ build }) =>
      build ? [posix.join(build.context, build.dockerfile ?? 'Dockerfile')] : [],
    ),
  ),
].sort();

describe('Dockerfiles', () => {
  it('should be the app recipe and the MLflow image', () => {
    expect(dockerfiles).toEqual(['infra/docker/mlflow.Dockerfile', 'infra/docker/app.Dockerfile'].sort());
  });

  it.each(dockerfiles)('should raise no dockerfile-utils finding in %s', (path) => {
    expect(dockerfileFindings(readRepoFile(path))).toEqual([]);
  });

  it.each(dockerfiles)('should run %s as an unprivileged user', (path) => {
    const { finalUser } = summarizeDockerfile(readRepoFile(path));

    expect(finalUser).not.toBeNull();
    expect(finalUser).not.toMatch(/^(root|0)(:|$)/);
  });

  describe('infra/docker/app.Dockerfile', () => {
    const sut = summarizeDockerfile(readRepoFile('infra/docker/app.Dockerfile'));

    it('should have the workspace, build and runtime stages, in that order', () => {
      expect(sut.stages).toEqual(['workspace', 'build', 'runtime']);
    });

    it('should start the deployed app with node dist/main.js', () => {
      expect(JSON.parse(sut.finalCmd ?? 'null')).toEqual(['node', 'dist/main.js']);
    });

    it('should take APP as a build argument', () => {
      expect(sut.args.has('APP')).toBe(true);
    });
  });
});

describe(dockerfileFindings.name, () => {
  it.each([
    ['an instruction without arguments', 'FROM\n'],
    ['an unknown COPY flag', 'FROM node:20\nCOPY --bogus=1 a /b\n'],
    ['a relative WORKDIR', 'FROM node:20\nWORKDIR app\n'],
    ['a duration without unit', 'FROM node:20\nHEALTHCHECK --interval=5 CMD true\n'],
  ])('should report %s', (_case, content) => {
    expect(dockerfileFindings(content)).not.toEqual([]);
  });
});

describe('.dockerignore', () => {
  const patterns = readRepoFile('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it.each(['**/node_modules', '**/dist', '**/coverage', '.local', '.nx'])(
    'should keep %s out of the build context',
    (pattern) => {
      expect(patterns).toContain(pattern);
    },
  );

  it('should not exclude what the app recipe copies from the context', () => {
    const copied = summarizeDockerfile(readRepoFile('infra/docker/app.Dockerfile')).contextSources;

    expect(patterns.filter((pattern) => copied.includes(pattern))).toEqual([]);
  });
});
