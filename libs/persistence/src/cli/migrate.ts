import 'reflect-metadata';
import { loadConfig } from '../../../common/src/config';
import { migrate } from '../data-source';
import { migrateAndSeed } from '../seed/seeded-database';
import { shanghaiDateOf } from '../../../domain/src/business-date';

/**
 * `npm run migrate [-- --seed]`: creates the database if needed, migrates, optionally seeds.
 * Connects as the owner (DATABASE_OWNER_URL), never as the application role.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const seeding = process.argv.includes('--seed');
  const applied = seeding
    ? // A fresh installation starts on today's date in Shanghai; later runs keep the date in force.
      await migrateAndSeed(config.databaseOwnerUrl, {
        businessDate: shanghaiDateOf(new Date().toISOString()),
      })
    : await migrate(config.databaseOwnerUrl);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  if (seeding) console.log('demo organisations, users, products and assets seeded');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
