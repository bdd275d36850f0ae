import {
  bindMountProblems,
  buildProblems,
  dependencyProblems,
  isOneShot,
  parsePort,
  type ComposeFile,
} from './support/compose-checks';
import { ComposeBuilder, HEALTHCHECK, needs } from './support/compose.builder';
import { summarizeDockerfile } from './support/dockerfile';
import { dclintFindings, dockerComposeConfig } from './support/linters';
import {
  APP_OPS_PORTS,
  COMPOSE_FILE,
  SPEC_BUCKETS,
  SPEC_PORTS,
  appServices,
  imageTag,
  loadCompose,
} from './support/platform';
import { REPO_ROOT, existsInRepo, parseEnvFile, readRepoFile, repoPath } from './support/repo';

const compose = loadCompose();
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const env = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, String(v)]));
const nativeVersions = () => parseEnvFile(readRepoFile('infra/native/versions.env'));

describe('docker-compose.yml', () => {
  describe('linters', () => {
    it('should pass `docker-compose config` (Debian docker-compose 1.29)', () => {
      const { exitCode, output } = dockerComposeConfig(repoPath(COMPOSE_FILE));

      expect(output).toBe('');
      expect(exitCode).toBe(0);
    });

    it('should match the compose-spec schema and raise no dclint finding', () => {
      expect(dclintFindings(repoPath(COMPOSE_FILE))).toEqual([]);
    });
  });

  describe('services', () => {
    it('should run every SPEC §3 service, the consoles, the one-shots and the five apps', () => {
      expect(Object.keys(compose.services).sort()).toEqual(
        [...Object.keys(SPEC_PORTS), 'minio-init', 'provision'].sort(),
      );
    });

    it.each(Object.entries(SPEC_PORTS))('should publish %s on 127.0.0.1 at ports %j', (name, ports) => {
      const published = (service(name).ports ?? []).map(parsePort);

      expect(published.map((p) => p.published).sort()).toEqual([...ports].sort());
      for (const port of published) {
        expect(port).toEqual({ hostIp: '127.0.0.1', published: port.target, target: port.target });
      }
    });

    it('should pin every image to a release, never to latest or a bare major', () => {
      const unpinned = Object.entries(compose.services)
        .filter(([, s]) => s.image !== undefined)
        .filter(
          ([, s]) => !/^(v?\d+\.\d+|RELEASE\.\d{4}-\d\d-\d\dT[\d-]+Z)/.test(imageTag(s.image ?? '') ?? ''),
        )
        .map(([name, s]) => `${name}: ${s.image}`);

      expect(unpinned).toEqual([]);
    });

    it('should keep long-running services restarting and one-shots not', () => {
      const restarts = Object.fromEntries(
        Object.entries(compose.services).map(([name, s]) => [name, s.restart]),
      );

      expect(Object.entries(restarts).filter(([, r]) => r !== 'unless-stopped' && r !== 'no')).toEqual([]);
      expect(
        Object.keys(compose.services)
          .filter((name) => isOneShot(service(name)))
          .sort(),
      ).toEqual(['minio-init', 'provision']);
    });

    it('should declare every named volume it mounts', () => {
      const named = Object.values(compose.services)
        .flatMap((s) => s.volumes ?? [])
        .map((spec) => spec.split(':')[0])
        .filter((source) => !source.startsWith('.') && !source.startsWith('/'));

      expect([...new Set(named)].sort()).toEqual(Object.keys(compose.volumes ?? {}).sort());
    });

    it('should find every bind-mounted file in the repository', () => {
      expect(bindMountProblems(compose, REPO_ROOT)).toEqual([]);
    });

    it('should start a service only after what it depends on is healthy or complete', () => {
      expect(dependencyProblems(compose)).toEqual([]);
    });

    it('should build each image from an existing Dockerfile, stage and context', () => {
      expect(buildProblems(compose, REPO_ROOT)).toEqual([]);
    });
  });

  describe('services as the native path runs them', () => {
    it('should use the Kafka and PostgreSQL versions of infra/native/versions.env', () => {
      const versions = nativeVersions();

      expect(imageTag(service('kafka').image ?? '')).toBe(versions['KAFKA_VERSION']);
      expect(imageTag(service('postgres').image ?? '')?.split('.')[0]).toBe(versions['POSTGRES_MAJOR']);
    });

    it('should build MLflow with the package versions of infra/native/versions.env', () => {
      const build = service('mlflow').build;
      const { args } = summarizeDockerfile(readRepoFile(`${build?.context}/${build?.dockerfile}`));
      const versions = nativeVersions();
      const shared = [...args.keys()].filter((name) => name in versions);

      expect(shared.sort()).toEqual(['BOTO3_VERSION', 'MLFLOW_VERSION', 'PSYCOPG2_BINARY_VERSION']);
      for (const name of shared) expect(`${name}=${args.get(name)}`).toBe(`${name}=${versions[name]}`);
    });

    it('should run redis with noeviction (BullMQ loses jobs otherwise)', () => {
      expect(service('redis').command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
    });

    it('should create exactly the SPEC §3 buckets', () => {
      expect(env('minio-init')['BUCKETS']?.split(/\s+/).sort()).toEqual([...SPEC_BUCKETS].sort());
    });

    it('should advertise to the containers the Kafka listener the apps connect to', () => {
      const advertised = env('kafka')['KAFKA_ADVERTISED_LISTENERS']?.split(',') ?? [];

      expect(advertised).toContain(`INTERNAL://${env('gateway')['KAFKA_BROKERS']}`);
      expect(advertised).toContain('EXTERNAL://127.0.0.1:9092');
    });

    it('should let MLflow answer requests addressed to its service name', () => {
      const flag = [service('mlflow').command ?? []].flat().find((arg) => arg.startsWith('--allowed-hosts='));
      const allowed = flag?.slice('--allowed-hosts='.length).split(',');

      expect(allowed).toEqual(expect.arrayContaining(['mlflow:*', 'localhost:*', '127.0.0.1:*']));
    });
  });

  describe('apps', () => {
    const apps = appServices(compose);

    it('should run the five apps, each built with APP set to its own name', () => {
      expect([...apps.keys()].sort()).toEqual(Object.keys(APP_OPS_PORTS).sort());
      for (const [name, app] of apps) expect(app.build?.args).toEqual({ APP: name });
    });

    it.each(Object.keys(APP_OPS_PORTS))(
      'should build %s from a workspace app whose entry point is dist/main.js',
      (name) => {
        const manifest = JSON.parse(readRepoFile(`apps/${name}/package.json`)) as {
          name: string;
          main: string;
          scripts: Record<string, string>;
        };

        expect(manifest.name).toBe(`@crypto/app-${name}`);
        expect(manifest.main).toBe('dist/main.js');
        expect(manifest.scripts).toHaveProperty('build');
      },
    );

    it.each(Object.entries(APP_OPS_PORTS))('should health-check %s on its ops port %i', (name, port) => {
      expect(env(name)['HEALTH_URL']).toBe(`http://127.0.0.1:${port}/health`);
      expect(JSON.stringify(service(name).healthcheck?.test)).toContain('process.env.HEALTH_URL');
    });

    it.each(Object.keys(APP_OPS_PORTS))('should point %s at the services by compose name', (name) => {
      const addresses = Object.entries(env(name))
        .filter(([key]) => key !== 'HEALTH_URL' && /_(URL|URI|ENDPOINT|BROKERS)$/.test(key))
        .flatMap(([key, value]) => value.split(',').map((entry) => [key, entry.trim()] as const))
        .map(
          ([key, entry]) =>
            [key, /^(?:[a-z+]+:\/\/)?(?:[^@/]*@)?([a-z][a-z0-9-]*):\d+/.exec(entry)?.[1]] as const,
        );

      expect(addresses.length).toBeGreaterThanOrEqual(5);
      expect(addresses.filter(([, host]) => !host || !(host in compose.services))).toEqual([]);
    });

    it('should listen beyond loopback where the apps default to 127.0.0.1', () => {
      expect(env('gateway')['HOST']).toBe('0.0.0.0');
      expect(env('grpc-server')['GRPC_HOST']).toBe('0.0.0.0');
      for (const name of apps.keys()) expect(env(name)['METRICS_HOST']).toBe('0.0.0.0');
    });

    it('should give provision the same environment as the apps', () => {
      const { HOST: _host, PORT: _port, HEALTH_URL: _health, ...gatewayShared } = env('gateway');

      expect(env('provision')).toEqual(gatewayShared);
      expect(existsInRepo('scripts/provision/main.ts')).toBe(true);
    });
  });
});

describe(dependencyProblems.name, () => {
  it('should accept services that wait for healthy and completed dependencies', () => {
    const sut = ComposeBuilder.create()
      .longRunning('db', { healthcheck: HEALTHCHECK })
      .oneShot('migrate', { depends_on: needs('service_healthy', 'db') })
      .longRunning('app', {
        depends_on: {
          ...needs('service_healthy', 'db'),
          ...needs('service_completed_successfully', 'migrate'),
        },
      })
      .build();

    expect(dependencyProblems(sut)).toEqual([]);
  });

  it.each<[string, ComposeFile, string]>([
    [
      'a missing target',
      ComposeBuilder.create()
        .longRunning('app', { depends_on: needs('service_started', 'db') })
        .build(),
      'app depends on db, which is not a service',
    ],
    [
      'a healthy wait on a service without healthcheck',
      ComposeBuilder.create()
        .longRunning('db')
        .longRunning('app', { depends_on: needs('service_healthy', 'db') })
        .build(),
      'app waits for db to be healthy, but db has no healthcheck',
    ],
    [
      'a completion wait on a long-running service',
      ComposeBuilder.create()
        .longRunning('db')
        .longRunning('app', { depends_on: needs('service_completed_successfully', 'db') })
        .build(),
      'app waits for db to complete, but db is not one-shot (restart: "no")',
    ],
    [
      'a one-shot nobody waits for',
      ComposeBuilder.create().oneShot('migrate').longRunning('app').build(),
      'one-shot migrate is not awaited (service_completed_successfully) by a long-running service',
    ],
    [
      'a one-shot only another one-shot waits for',
      ComposeBuilder.create()
        .oneShot('seed')
        .oneShot('migrate', { depends_on: needs('service_completed_successfully', 'seed') })
        .build(),
      'one-shot seed is not awaited (service_completed_successfully) by a long-running service',
    ],
  ])('should report %s', (_case, sut, problem) => {
    expect(dependencyProblems(sut)).toContain(problem);
  });
});

describe(bindMountProblems.name, () => {
  it('should report a relative bind mount whose source is missing, and ignore named volumes', () => {
    const sut = ComposeBuilder.create()
      .longRunning('db', {
        volumes: ['db-data:/var/lib/db', './docker-compose.yml:/x.yml:ro', './infra/nope.sh:/y.sh:ro'],
      })
      .build();

    expect(bindMountProblems(sut, REPO_ROOT)).toEqual(['db mounts ./infra/nope.sh, which does not exist']);
  });
});

describe(buildProblems.name, () => {
  const appBuild = { context: '.', dockerfile: 'infra/docker/app.Dockerfile' };

  it.each<[string, ComposeFile, string]>([
    [
      'a missing Dockerfile',
      ComposeBuilder.create()
        .longRunning('app', { build: { ...appBuild, dockerfile: 'infra/docker/nope.Dockerfile' } })
        .build(),
      'app builds infra/docker/nope.Dockerfile in ., which does not exist',
    ],
    [
      'an unknown target stage',
      ComposeBuilder.create()
        .longRunning('app', { build: { ...appBuild, target: 'prod' } })
        .build(),
      'app builds target prod, not a stage of infra/docker/app.Dockerfile',
    ],
    [
      'an undeclared build arg',
      ComposeBuilder.create()
        .longRunning('app', { build: { ...appBuild, args: { APPLICATION: 'gateway' } } })
        .build(),
      'app passes build arg APPLICATION, which infra/docker/app.Dockerfile does not declare',
    ],
    [
      'a context without the files the Dockerfile copies',
      ComposeBuilder.create()
        .longRunning('app', { build: { context: './infra', dockerfile: 'docker/app.Dockerfile' } })
        .build(),
      'app: docker/app.Dockerfile copies pnpm-lock.yaml, missing from the build context ./infra',
    ],
  ])('should report %s', (_case, sut, problem) => {
    expect(buildProblems(sut, REPO_ROOT)).toContain(problem);
  });
});

describe(parsePort.name, () => {
  it('should read the host address, published and target ports', () => {
    expect(parsePort('127.0.0.1:5432:5432')).toEqual({ hostIp: '127.0.0.1', published: 5432, target: 5432 });
    expect(parsePort('8080:80')).toEqual({ hostIp: null, published: 8080, target: 80 });
  });

  it.each(['5432', '127.0.0.1:x:5432', '9000-9001:9000-9001'])(
    'should reject the port syntax "%s"',
    (spec) => {
      expect(() => parsePort(spec)).toThrow(/unsupported port syntax/);
    },
  );
});
