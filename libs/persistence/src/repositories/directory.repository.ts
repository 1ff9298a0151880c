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

  /** A user by id whatever their state (a case may only be handed to an active loan officer). */
  async findUserById(id: string): Promise<{
    userId: string;
    username: string;
    role: string;
    organisationId: string;
    active: boolean;
  } | null> {
    const rows = await this.db.query(
      `SELECT id AS "userId", username, role, organisation_id AS "organisationId", active
         FROM app_user WHERE id = $1`,
      [id],
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

  /** Active products of one bank, or of every bank when `bankOrgId` is null. */
  async listProducts(bankOrgId: string | null): Promise<ProductRow[]> {
    return this.db.query(
      `SELECT code, bank_org_id AS "bankOrgId", name, terms FROM loan_product
        WHERE active AND ($1::text IS NULL OR bank_org_id = $1) ORDER BY bank_org_id, code`,
      [bankOrgId],
    );
  }

  async listOrganisations(kind: string | null): Promise<OrganisationRow[]> {
    return this.db.query(
      `SELECT id, kind, name, name_zh AS "nameZh", district_code AS "districtCode" FROM organisation
        WHERE $1::text IS NULL OR kind = $1 ORDER BY kind, id`,
      [kind],
    );
  }

  async listRiskSchemes(): Promise<RiskSchemeRow[]> {
    return this.db.query(
      `SELECT code, name, terms, fund_code AS "fundCode", insurer_org_id AS "insurerOrgId", example
         FROM risk_scheme WHERE active ORDER BY code`,
    );
  }

  /** Funds to pick from; their balances stay behind GET /compensation-funds/:code (fund, admin). */
  async listCompensationFunds(): Promise<CompensationFundRow[]> {
    return this.db.query(
      `SELECT code, org_id AS "orgId", name FROM compensation_fund ORDER BY code`,
    );
  }
}

export interface OrganisationRow {
  id: string;
  kind: string;
  name: string;
  nameZh: string;
  districtCode: string | null;
}

export interface RiskSchemeRow {
  code: string;
  name: string;
  terms: Record<string, unknown>;
  fundCode: string;
  insurerOrgId: string;
  example: boolean;
}

export interface CompensationFundRow {
  code: string;
  orgId: string;
  name: string;
}
