import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A district reads its cases by status (the reviewer's and the administrator's district lists):
 * with the district and status in one index, the list's total is an index-only count instead of
 * a heap scan of every case of the district (41 ms of 24,000 rows at 100,000 cases).
 */
export class CaseListDistrictStatus1764710000000 implements MigrationInterface {
  name = 'CaseListDistrictStatus1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX loan_case_district_status_idx ON loan_case (district_code, status)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX loan_case_district_status_idx`);
  }
}
