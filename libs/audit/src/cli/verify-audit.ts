import 'reflect-metadata';
import { loadConfig } from '../../../common/src/config';
import { createDataSource } from '../../../persistence/src/data-source';
import { AuditVerifier } from '../audit-verifier';

/**
 * `npm run audit:verify`: recomputes the audit chain in DATABASE_URL (reading is all it needs,
 * so the application role will do). Prints the result as JSON. Exits 0 when the chain is
 * intact, 1 naming the first broken entry, 2 when it could not check at all.
 */
async function main(): Promise<number> {
  const db = createDataSource(loadConfig().DATABASE_URL);
  await db.initialize();
  try {
    const result = await new AuditVerifier(db).verify();
    console.log(JSON.stringify(result, null, 2));
    if (result.firstBroken) {
      const { seq, reason, expected, found } = result.firstBroken;
      console.error(
        `audit chain broken at seq ${seq}: ${reason} (expected ${expected}, found ${found}); ` +
          `${result.entriesChecked} entries before it verify`,
      );
      return 1;
    }
    console.error(`audit chain intact: ${result.entriesChecked} entries`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `audit verification failed to run: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(2);
  },
);
