import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register refuses records that cannot be true whatever the date: an asset without a
 * title, and an expiry on or before the grant. (A grant in the future depends on the business
 * date and is checked where records are stored.)
 */
export class AssetRecordChecks1764630000000 implements MigrationInterface {
  name = 'AssetRecordChecks1764630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ip_asset
        ADD CONSTRAINT ip_asset_title_present CHECK (btrim(title) <> ''),
        ADD CONSTRAINT ip_asset_expiry_after_grant
          CHECK (expiry_date IS NULL OR grant_date IS NULL OR expiry_date > grant_date)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ip_asset
        DROP CONSTRAINT ip_asset_expiry_after_grant,
        DROP CONSTRAINT ip_asset_title_present`);
  }
}
