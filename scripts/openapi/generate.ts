/**
 * `npm run openapi`: writes the API's OpenAPI document to apps/console/src/api/openapi.json and
 * its TypeScript types (openapi-typescript) to apps/console/src/api/schema.d.ts. Needs no
 * service: the Nest application is created as a preview (no provider runs, nothing connects),
 * and the type checker reads what each handler returns and which codes it may refuse with.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import ts from 'typescript';
import { ApiModule } from '../../apps/api/src/api.module';
import {
  buildOpenApiDocument,
  controllersOf,
  routeFacts,
  type DerivedDocument,
  type RouteFacts,
} from '../../apps/api/src/openapi/openapi-document';
import { ERROR_CATALOGUE } from '../../libs/domain/src/errors';
import { ErrorCodeScan } from './error-codes';
import { TypeSchemas } from './type-schemas';

const ROOT = path.join(__dirname, '..', '..');
export const OUTPUT_DIR = path.join(ROOT, 'apps', 'console', 'src', 'api');
export const DOCUMENT_FILE = path.join(OUTPUT_DIR, 'openapi.json');
export const TYPES_FILE = path.join(OUTPUT_DIR, 'schema.d.ts');

/** The workflow directory of each process whose steps a route may fire. */
const WORKFLOW_DIRS: Record<string, string> = {
  'loan-case': 'workflows/loan-case',
  disposal: 'workflows/disposal',
  'subsidy-claim': 'workflows/subsidy-claim',
};

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    { noEmit: true, incremental: false },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const sources = [
    ...ts.sys.readDirectory(path.join(ROOT, 'apps', 'api', 'src'), ['.ts']),
    ...ts.sys.readDirectory(path.join(ROOT, 'workflows'), ['.ts']),
  ].filter((file) => !/\.(spec|int-spec|workflow-spec)\.ts$/.test(file));
  return ts.createProgram({ rootNames: sources, options: config.options });
}

function inProject(file: ts.SourceFile): boolean {
  return (
    !file.isDeclarationFile &&
    !file.fileName.includes('/node_modules/') &&
    !/\.(spec|int-spec|workflow-spec)\.ts$/.test(file.fileName)
  );
}

/** The method declarations of the controllers' classes, by `<Class>_<method>`. */
function handlerDeclarations(sources: readonly ts.SourceFile[]): Map<string, ts.MethodDeclaration> {
  const found = new Map<string, ts.MethodDeclaration>();
  for (const source of sources) {
    if (!source.fileName.startsWith(path.join(ROOT, 'apps', 'api', 'src'))) continue;
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      for (const member of statement.members)
        if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name))
          found.set(`${statement.name.text}_${member.name.text}`, member);
    }
  }
  return found;
}

/**
 * The step registrations of a process's workflow: calls whose first argument is an Update
 * definition (`ctx.caseStep(submitUpdate, 'SUBMIT', …)`, `ctx.kit.step(writeOffUpdate, {…})`),
 * with the event names written inside them.
 */
function stepRegistrations(
  checker: ts.TypeChecker,
  sources: readonly ts.SourceFile[],
): { dir: string; call: ts.CallExpression; literals: Set<string> }[] {
  const found: { dir: string; call: ts.CallExpression; literals: Set<string> }[] = [];
  for (const source of sources) {
    const relative = path.relative(ROOT, source.fileName);
    if (!relative.startsWith('workflows/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.arguments.length > 1) {
        const first = checker.getTypeAtLocation(node.arguments[0]!);
        const name = (first.aliasSymbol ?? first.getSymbol())?.getName();
        if (name === 'UpdateDefinition') {
          const literals = new Set<string>();
          const collect = (inner: ts.Node): void => {
            if (ts.isStringLiteral(inner)) literals.add(inner.text);
            ts.forEachChild(inner, collect);
          };
          collect(node);
          found.push({ dir: path.dirname(relative), call: node, literals });
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Response schemas and refusal codes of every route, read from its code. */
export function deriveFromCode(
  routes: readonly RouteFacts[],
  reserved: ReadonlySet<string>,
): DerivedDocument {
  const built = program();
  const checker = built.getTypeChecker();
  const sources = built.getSourceFiles().filter(inProject);
  const schemas = new TypeSchemas(checker, reserved);
  const scan = new ErrorCodeScan(checker, new Set(Object.keys(ERROR_CATALOGUE)), inProject);
  const handlers = handlerDeclarations(sources);
  const steps = stepRegistrations(checker, sources);
  const derived: DerivedDocument = { routes: {}, components: schemas.components };
  for (const route of routes) {
    const declaration = handlers.get(route.operationId);
    if (!declaration) throw new Error(`No declaration found for ${route.operationId}`);
    const signature = checker.getSignatureFromDeclaration(declaration)!;
    const answer = schemas.answerOf(checker.getReturnTypeOfSignature(signature));
    const codes = scan.codesOf(declaration);
    for (const { process, event } of route.transitions)
      for (const step of steps)
        if (step.dir.startsWith(WORKFLOW_DIRS[process]!) && step.literals.has(event))
          for (const code of scan.codesOf(step.call)) codes.add(code);
    derived.routes[route.operationId] = {
      // An unknown answer is documented as none; the OpenAPI test names the route.
      answer: answer.kind === 'unknown' ? { kind: 'empty' } : answer,
      codes: [...codes].sort(),
    };
  }
  return derived;
}

/** The document and its types, as `npm run openapi` writes them. */
export async function generateOpenApi(): Promise<{ json: string; types: string }> {
  const app = await NestFactory.create(ApiModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const routes = routeFacts(controllersOf(ApiModule));
    // The request DTOs' names are Nest's; the derived response types take other names.
    const { SwaggerModule } = await import('@nestjs/swagger');
    const nestNames = new Set(
      Object.keys(
        SwaggerModule.createDocument(app, { openapi: '3.0.0', info: { title: '', version: '' } })
          .components?.schemas ?? {},
      ),
    );
    nestNames.add('Problem');
    const document = buildOpenApiDocument(app, routes, deriveFromCode(routes, nestNames));
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const ast = await openapiTS(JSON.parse(json) as Parameters<typeof openapiTS>[0]);
    const options = await prettier.resolveConfig(TYPES_FILE);
    const types = await prettier.format(
      `// Generated by \`npm run openapi\` from apps/console/src/api/openapi.json: do not edit.\n${astToString(ast)}`,
      { ...options, parser: 'typescript' },
    );
    return { json, types };
  } finally {
    await app.close();
  }
}

/** Writes both files. */
export async function writeOpenApi(): Promise<void> {
  const { json, types } = await generateOpenApi();
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(DOCUMENT_FILE, json);
  fs.writeFileSync(TYPES_FILE, types);
  console.log(
    `[openapi] wrote ${path.relative(ROOT, DOCUMENT_FILE)} and ${path.relative(ROOT, TYPES_FILE)}`,
  );
}
