import { DataSource, type DataSourceOptions } from 'typeorm';
import { Client } from 'pg';
import { Foundation1763700000000 } from './migrations/1763700000000-foundation';
import { Lifecycle1763800000000 } from './migrations/1763800000000-lifecycle';
import { Exports1763850000000 } from './migrations/1763850000000-exports';
import { ExportLease1764760000000 } from './migrations/1764760000000-export-lease';
import { IdempotentRequest1764761000000 } from './migrations/1764761000000-idempotent-request';
import { AuditAppendFunction1764770000000 } from './migrations/1764770000000-audit-append-function';
import { WorkingDayOrdinal1764780000000 } from './migrations/1764780000000-working-day-ordinal';
import { CaseRecordStepFunction1764790000000 } from './migrations/1764790000000-case-record-step-function';
import { DefaultDisposal1764000000000 } from './migrations/1764000000000-default-disposal';
import { Subsidies1763900000000 } from './migrations/1763900000000-subsidies';
import { Audit1764100000000 } from './migrations/1764100000000-audit';
import { DisposalFindings1764200000000 } from './migrations/1764200000000-disposal-findings';
import { WorkingCalendar1764300000000 } from './migrations/1764300000000-working-calendar';
import { DropIdempotencyRecord1764400000000 } from './migrations/1764400000000-drop-idempotency-record';
import { SubsidyControls1764510000000 } from './migrations/1764510000000-subsidy-controls';
import { WorkItems1764520000000 } from './migrations/1764520000000-work-items';
import { ExchangeOperator1764530000000 } from './migrations/1764530000000-exchange-operator';
import { CompensationPaymentReference1764560000000 } from './migrations/1764560000000-compensation-payment-reference';
import { EnterpriseRegister1764540000000 } from './migrations/1764540000000-enterprise-register';
import { DisposalMarket1764580000000 } from './migrations/1764580000000-disposal-market';
import { PenaltyInterest1764590000000 } from './migrations/1764590000000-penalty-interest';
import { DefaultProposal1764570000000 } from './migrations/1764570000000-default-proposal';
import { Sessions1764620000000 } from './migrations/1764620000000-sessions';
import { AssetRecordChecks1764630000000 } from './migrations/1764630000000-asset-record-checks';
import { PlannedBudgets1764610000000 } from './migrations/1764610000000-planned-budgets';
import { CaseParties1764600000000 } from './migrations/1764600000000-case-parties';
import { TasksAndOutbox1764640000000 } from './migrations/1764640000000-tasks-and-outbox';
import { CaseListAndIndicators1764660000000 } from './migrations/1764660000000-case-list-and-indicators';
import { TaskSla1764650000000 } from './migrations/1764650000000-task-sla';
import { Notifications1764700000000 } from './migrations/1764700000000-notifications';
import { CollateralWatch1764690000000 } from './migrations/1764690000000-collateral-watch';
import { CaseListDistrictStatus1764710000000 } from './migrations/1764710000000-case-list-district-status';
import { ReadModelGeneration1764740000000 } from './migrations/1764740000000-read-model-generation';

/**
 * Migrations in order. Schema changes only ever happen through these, never `synchronize`.
 * There are no TypeORM entities: repositories write plain SQL against the migrated schema.
 */
export const MIGRATIONS = [
  Foundation1763700000000,
  Lifecycle1763800000000,
  Exports1763850000000,
  Subsidies1763900000000,
  DefaultDisposal1764000000000,
  Audit1764100000000,
  DisposalFindings1764200000000,
  WorkingCalendar1764300000000,
  DropIdempotencyRecord1764400000000,
  SubsidyControls1764510000000,
  WorkItems1764520000000,
  ExchangeOperator1764530000000,
  CompensationPaymentReference1764560000000,
  EnterpriseRegister1764540000000,
  DisposalMarket1764580000000,
  PenaltyInterest1764590000000,
  DefaultProposal1764570000000,
  Sessions1764620000000,
  AssetRecordChecks1764630000000,
  PlannedBudgets1764610000000,
  CaseParties1764600000000,
  TasksAndOutbox1764640000000,
  CaseListAndIndicators1764660000000,
  TaskSla1764650000000,
  Notifications1764700000000,
  CollateralWatch1764690000000,
  CaseListDistrictStatus1764710000000,
  ReadModelGeneration1764740000000,
  ExportLease1764760000000,
  IdempotentRequest1764761000000,
  AuditAppendFunction1764770000000,
  WorkingDayOrdinal1764780000000,
  CaseRecordStepFunction1764790000000,
];

/**
 * The role the API and the worker connect as (created and granted by the audit migration):
 * it may read and write business tables but only read and insert audit entries. Migrations
 * and the seed run as the owner of the schema.
 */
export const APP_DATABASE_ROLE = 'ippledge_app';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // No JIT: the inbox and indicator queries are large but read few rows; compiling them took
    // seconds (9 s for one inbox read) where executing them takes milliseconds.
    // Bounded waits, so a database that is away answers 503 within seconds instead of hanging:
    // a connection is given up after DATABASE_CONNECT_TIMEOUT_MS, a statement after
    // DATABASE_STATEMENT_TIMEOUT_MS (server side) and a reply after that plus a margin.
    extra: {
      max: 10,
      options: `-c jit=off -c statement_timeout=${statementTimeoutMs()}`,
      connectionTimeoutMillis: positiveInt('DATABASE_CONNECT_TIMEOUT_MS', 30_000),
      query_timeout: statementTimeoutMs() + 5_000,
      keepAlive: true,
    },
  };
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  return value;
}

function statementTimeoutMs(): number {
  return positiveInt('DATABASE_STATEMENT_TIMEOUT_MS', 60_000);
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}

/** Creates the database named in the URL when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`database name "${name}" must be letters, digits and _`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // Two processes racing to create it: the loser sees duplicate_database and carries on.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** Creates the database if needed and applies every pending migration. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
