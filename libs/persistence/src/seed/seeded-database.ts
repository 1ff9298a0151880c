import { createDataSource, migrate } from '../data-source';
import { seed } from './seed';

/**
 * Migrates the database at `ownerUrl` (created if missing) and seeds the demo organisations,
 * users, products and assets, connected as the owner: the migrations create and grant the
 * application role that the API and worker then connect as. Returns the migrations applied.
 */
export async function migrateAndSeed(
  ownerUrl: string,
  options: { businessDate?: string } = {},
): Promise<string[]> {
  const applied = await migrate(ownerUrl);
  const db = createDataSource(ownerUrl);
  await db.initialize();
  try {
    await seed(db, options);
  } finally {
    await db.destroy();
  }
  return applied;
}
