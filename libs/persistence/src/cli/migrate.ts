import 'reflect-metadata';
import { loadConfig } from '../../../common/src/config';
import { createDataSource, migrate } from '../data-source';
import { seed } from '../seed/seed';
import { shanghaiDateOf } from '../../../domain/src/business-date';

/**
 * `npm run migrate [-- --seed]`: creates the database if needed, migrates, optionally seeds.
 * Connects as the owner (DATABASE_OWNER_URL), never as the application role.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await migrate(config.databaseOwnerUrl);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  if (process.argv.includes('--seed')) {
    const db = createDataSource(config.databaseOwnerUrl);
    await db.initialize();
    try {
      // A fresh installation starts on today's date in Shanghai; later runs keep the date in force.
      await seed(db, { businessDate: shanghaiDateOf(new Date().toISOString()) });
      console.log('demo organisations, users, products and assets seeded');
    } finally {
      await db.destroy();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
