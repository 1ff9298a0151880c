// @ts-check
// Layer boundaries, checked by `npm run lint` (depcruise) on the production code. Each rule
// has a counterpart violation in test/lint-fixtures/, which test/unit/lint-rules.spec.ts
// cruises to prove the rule fires. Read docs/architecture.md for the layers.
/** Workflow code that traces: the one workflow file allowed a package beyond the workflow SDK. */
const WORKFLOW_TRACING_MODULE =
  '^(workflows|test/lint-fixtures/workflows)/shared/tracing\\.interceptors\\.ts$';
const NOT_PRODUCTION = '(\\.spec\\.ts|\\.int-spec\\.ts|\\.workflow-spec\\.ts|\\.d\\.ts)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-itself',
      severity: 'error',
      comment:
        'libs/domain is pure: it imports only its own files — no npm packages, no Node built-ins, no other layer.',
      from: { path: '^(libs/domain/src|test/lint-fixtures/libs/domain)/', pathNot: NOT_PRODUCTION },
      to: { pathNot: '^(libs/domain/src|test/lint-fixtures/libs/domain)/' },
    },
    {
      name: 'persistence-stays-below-the-processes',
      severity: 'error',
      comment: 'libs/persistence serves workflows, activities and apps; it imports none of them.',
      from: { path: '^(libs/persistence|test/lint-fixtures/libs/persistence)/' },
      to: { path: '^(workflows|activities|apps|test/lint-fixtures/(workflows|activities|apps))/' },
    },
    {
      name: 'libs-stay-below-the-processes',
      severity: 'error',
      comment:
        'The other libraries (common, auth, audit, queue, documents) serve the processes too; their production code imports no workflow, activity or app.',
      from: {
        path: '^(libs|test/lint-fixtures/libs)/(?!domain/|persistence/)',
        pathNot: NOT_PRODUCTION,
      },
      to: { path: '^(workflows|activities|apps|test/lint-fixtures/(workflows|activities|apps))/' },
    },
    {
      name: 'workflows-import-only-the-workflow-sdk-and-the-domain',
      severity: 'error',
      comment:
        'Workflow code is replayed deterministically: it imports @temporalio/workflow, libs/domain and other workflow files; activities only with `import type`.',
      // The tracing interceptors are the one exception, held by the rule below.
      from: {
        path: '^(workflows|test/lint-fixtures/workflows)/',
        pathNot: [NOT_PRODUCTION, WORKFLOW_TRACING_MODULE],
      },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: [
          '^(workflows|test/lint-fixtures/workflows)/',
          '^(libs/domain/src|test/lint-fixtures/libs/domain)/',
          '(^|/)node_modules/@temporalio/workflow/',
        ],
      },
    },
    {
      name: 'workflow-tracing-imports-only-the-sdk-interceptors',
      severity: 'error',
      comment:
        "The workflow interceptor module is bundled into the sandbox; Temporal's OpenTelemetry interceptors are written for it (deterministic, no Node built-ins), so this file alone may import them and the OpenTelemetry API they use.",
      from: { path: WORKFLOW_TRACING_MODULE },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: [
          '(^|/)node_modules/@temporalio/workflow/',
          '(^|/)node_modules/@temporalio/interceptors-opentelemetry/lib/(workflow/|instrumentation)',
          '(^|/)node_modules/@opentelemetry/api/',
        ],
      },
    },
    {
      name: 'console-imports-only-itself-and-packages',
      severity: 'error',
      comment:
        'The web console runs in the browser and talks to the API over HTTP only: it imports its own files (the generated OpenAPI schema among them) and npm packages, never the server code.',
      // Its build configuration runs in Node and is no part of the bundle.
      from: {
        path: '^(apps/console|test/lint-fixtures/apps/console)/',
        pathNot: '\\.config\\.mjs$',
      },
      to: { pathNot: ['^(apps/console|test/lint-fixtures/apps/console)/', '(^|/)node_modules/'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A production module nobody imports and that imports nothing is dead: remove it.',
      from: {
        orphan: true,
        pathNot: [
          NOT_PRODUCTION,
          '(^|/)\\.[^/]+\\.(js|cjs|mjs|json)$',
          '\\.config\\.(js|cjs|mjs|ts)$',
          '^test/(?!lint-fixtures/)',
        ],
      },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other, directly or round a loop, cannot be understood or moved apart. A loop closed by an `import type` (a workflow typing its activities, an activity typing the workflow it starts) is erased at run time and allowed.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    preserveSymlinks: true,
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json', '.d.ts'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};
