import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  role: string;
}

export interface ProductRow {
  code: string;
  bankOrgId: string;
  name: string;
  terms: Record<string, unknown>;
}

/** Organisations, users and loan products. */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly db: DataSource) {}

  async listUsers(): Promise<DirectoryUser[]> {
    return this.db.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind", u.role
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.active ORDER BY o.kind, o.id, u.role, u.username`,
    );
  }

  async findUserByUsername(username: string): Promise<DirectoryUser | null> {
    const rows: DirectoryUser[] = await this.db.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind", u.role
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.username = $1 AND u.active`,
      [username],
    );
    return rows[0] ?? null;
  }

  async organisationKind(organisationId: string): Promise<string | null> {
    const rows: { kind: string }[] = await this.db.query(
      `SELECT kind FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return rows[0]?.kind ?? null;
  }

  async districtOf(organisationId: string): Promise<string | null> {
    const rows: { district_code: string | null }[] = await this.db.query(
      `SELECT district_code FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return rows[0]?.district_code ?? null;
  }

  async findProduct(code: string): Promise<ProductRow | null> {
    const rows: ProductRow[] = await this.db.query(
      `SELECT code, bank_org_id AS "bankOrgId", name, terms FROM loan_product WHERE code = $1 AND active`,
      [code],
    );
    return rows[0] ?? null;
  }
}
