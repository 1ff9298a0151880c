import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { completeWorkItem, raiseWorkItem } from './work/work-items';
import type { ReleaseGround } from '../../../domain/src/ip-assets';

export interface FilingInput {
  caseNumber: string;
  filingNumber: string;
  filedOn: string;
  bankOrgId: string;
  pledgorUscc: string;
  assets: { kind: string; number: string }[];
}

export interface PledgeRow {
  assetNumber: string;
  caseNumber: string;
  registrationNumber: string;
  status: 'ACTIVE' | 'RELEASED';
  registeredOn: string;
  releasedOn: string | null;
  releaseGround: string | null;
}

/** The outcome of registering a filing's pledges: all of them, or none and why. */
export type PledgeRegistration =
  | { ok: true }
  | { ok: false; reason: 'ALREADY_PLEDGED'; assetNumber: string; heldBy: string | null };

/** Carries a refusal out of the transaction, which it rolls back. */
class RegistrationRefused extends Error {
  constructor(readonly outcome: PledgeRegistration & { ok: false }) {
    super(outcome.reason);
  }
}

/**
 * Pledge filings and the pledge register. At most one ACTIVE pledge per asset is enforced by a
 * partial unique index; every write is keyed by filing or case so that a retry changes nothing.
 */
@Injectable()
export class PledgeRegisterRepository {
  constructor(private readonly db: DataSource) {}

  async activePledgeCase(
    assetNumber: string,
    exceptCase: string | null = null,
  ): Promise<string | null> {
    const rows: { case_number: string }[] = await this.db.query(
      `SELECT case_number FROM pledge WHERE asset_number = $1 AND status = 'ACTIVE' AND ($2::text IS NULL OR case_number <> $2)`,
      [assetNumber, exceptCase],
    );
    return rows[0]?.case_number ?? null;
  }

  async file(input: FilingInput): Promise<void> {
    await this.db.query(
      `INSERT INTO registration_filing (filing_number, case_number, bank_org_id, pledgor_uscc, assets, filed_on, outcome)
       VALUES ($1,$2,$3,$4,$5,$6,'PENDING') ON CONFLICT (filing_number) DO NOTHING`,
      [
        input.filingNumber,
        input.caseNumber,
        input.bankOrgId,
        input.pledgorUscc,
        JSON.stringify(input.assets),
        input.filedOn,
      ],
    );
  }

  async pendingFilings(limit: number): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT filing_number AS "filingNumber", case_number AS "caseNumber", bank_org_id AS "bankOrgId",
              pledgor_uscc AS "pledgorUscc", assets, to_char(filed_on, 'YYYY-MM-DD') AS "filedOn"
         FROM registration_filing WHERE outcome = 'PENDING' ORDER BY filed_on, filing_number LIMIT $1`,
      [limit],
    );
  }

  /**
   * Registers the pledge of every asset of the filing in one transaction, or none of them: an
   * asset that already carries an active pledge (the partial unique index) answers
   * `ALREADY_PLEDGED` with the case holding it. A retry of an accepted filing changes nothing.
   */
  async registerPledges(input: {
    filingNumber: string;
    caseNumber: string;
    registrationNumber: string;
    registeredOn: string;
    bankOrgId: string;
    pledgorUscc: string;
    assets: { number: string }[];
  }): Promise<PledgeRegistration> {
    try {
      await this.insertPledges(input);
      return { ok: true };
    } catch (error) {
      if (error instanceof RegistrationRefused) return error.outcome;
      throw error;
    }
  }

  private async insertPledges(input: {
    filingNumber: string;
    caseNumber: string;
    registrationNumber: string;
    registeredOn: string;
    bankOrgId: string;
    pledgorUscc: string;
    assets: { number: string }[];
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const filing: { outcome: string; registration_number: string | null }[] = await tx.query(
        `SELECT outcome, registration_number FROM registration_filing WHERE filing_number = $1 FOR UPDATE`,
        [input.filingNumber],
      );
      if (
        filing[0]?.outcome === 'ACCEPTED' &&
        filing[0].registration_number === input.registrationNumber
      )
        return; // a retry
      for (const asset of input.assets) {
        await tx.query(`SAVEPOINT pledge_insert`);
        try {
          await tx.query(
            `INSERT INTO pledge (asset_number, case_number, filing_number, registration_number, pledgee_org_id, pledgor_uscc, status, registered_on)
             VALUES ($1,$2,$3,$4,$5,$6,'ACTIVE',$7)`,
            [
              asset.number,
              input.caseNumber,
              input.filingNumber,
              input.registrationNumber,
              input.bankOrgId,
              input.pledgorUscc,
              input.registeredOn,
            ],
          );
        } catch (error) {
          await tx.query(`ROLLBACK TO SAVEPOINT pledge_insert`);
          if ((error as { code?: string }).code === '23505') {
            const holder: { case_number: string }[] = await tx.query(
              `SELECT case_number FROM pledge WHERE asset_number = $1 AND status = 'ACTIVE'`,
              [asset.number],
            );
            throw new RegistrationRefused({
              ok: false,
              reason: 'ALREADY_PLEDGED',
              assetNumber: asset.number,
              heldBy: holder[0]?.case_number ?? null,
            });
          }
          throw error;
        }
      }
      await tx.query(
        `UPDATE registration_filing SET outcome = 'ACCEPTED', registration_number = $2, registered_on = $3, updated_at = now()
          WHERE filing_number = $1`,
        [input.filingNumber, input.registrationNumber, input.registeredOn],
      );
    });
  }

  async refuse(filingNumber: string, reason: string, note: string | null): Promise<void> {
    await this.db.query(
      `UPDATE registration_filing SET outcome = 'REFUSED', refusal_reason = $2, refusal_note = $3, updated_at = now()
        WHERE filing_number = $1 AND outcome = 'PENDING'`,
      [filingNumber, reason, note],
    );
  }

  /** Cancels every active pledge of the case (注销); a retry finds none active and does nothing. */
  async release(input: {
    caseNumber: string;
    cancellationNumber: string;
    registeredOn: string;
    ground: ReleaseGround;
  }): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `UPDATE pledge SET status = 'RELEASED', released_on = $2, release_ground = $3, cancellation_number = $4
        WHERE case_number = $1 AND status = 'ACTIVE'`,
      [input.caseNumber, input.registeredOn, input.ground, input.cancellationNumber],
    );
    return result[1];
  }

  /**
   * Records the assignment of a sold asset, once per transfer number and asset (in the caller's
   * transaction, which also changes the register's owner). Returns false on a retry.
   */
  async recordTransfer(
    transfer: {
      transferNumber: string;
      assetNumber: string;
      caseNumber: string;
      fromOwners: string[];
      toOwner: string;
      ground: ReleaseGround;
      registeredOn: string;
    },
    manager: EntityManager,
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO asset_transfer (transfer_number, asset_number, case_number, from_owners, to_owner, ground, registered_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (transfer_number, asset_number) DO NOTHING RETURNING transfer_number`,
      [
        transfer.transferNumber,
        transfer.assetNumber,
        transfer.caseNumber,
        transfer.fromOwners,
        transfer.toOwner,
        transfer.ground,
        transfer.registeredOn,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * Opens the pending transfer of a sold asset (the register keeps the old owner meanwhile), with
   * a work item for the registration office's clerks; keyed by transfer and asset, so a retry
   * changes nothing. In the caller's transaction.
   */
  async openTransferRequest(
    request: {
      transferId: string;
      assetNumber: string;
      caseNumber: string;
      fromOwners: string[];
      toOwner: string;
      requestedOn: string;
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO asset_transfer_request (transfer_id, asset_number, case_number, from_owners, to_owner, requested_on, status)
       VALUES ($1,$2,$3,$4,$5,$6,'PENDING') ON CONFLICT (transfer_id, asset_number) DO NOTHING`,
      [
        request.transferId,
        request.assetNumber,
        request.caseNumber,
        request.fromOwners,
        request.toOwner,
        request.requestedOn,
      ],
    );
    // The clerks' inbox: the register has one registration office per deployment (the first).
    const offices: { id: string }[] = await manager.query(
      `SELECT id FROM organisation WHERE kind = 'REGISTRATION_OFFICE' ORDER BY id LIMIT 1`,
    );
    const office = offices[0];
    if (!office) return;
    await raiseWorkItem(manager, {
      kind: 'TRANSFER_REGISTRATION',
      subject: request.transferId,
      organisationId: office.id,
      role: 'REGISTRATION_CLERK',
      createdOn: request.requestedOn,
      caseNumber: request.caseNumber,
      detail: {
        titleZh: '登记质押物转让',
        titleEn: 'Register the transfer of the pledged asset',
        action: {
          method: 'POST',
          path: `/api/v1/cases/${request.caseNumber}/disposal/transfer-registration`,
        },
      },
    });
  }

  /**
   * Withdraws a transfer request still pending (the case refused the sale's outcome) and its
   * work item; a registered one stays. Idempotent.
   */
  async withdrawTransferRequest(transferId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `DELETE FROM asset_transfer_request WHERE transfer_id = $1 AND status = 'PENDING'`,
        [transferId],
      );
      await tx.query(
        `DELETE FROM work_item WHERE kind = 'TRANSFER_REGISTRATION' AND subject = $1 AND done_on IS NULL`,
        [transferId],
      );
    });
  }

  /** Whether the case's sale has a transfer waiting at (or registered by) the registration office. */
  async hasTransferRequest(caseNumber: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.db).query(
      `SELECT 1 FROM asset_transfer_request WHERE case_number = $1 LIMIT 1`,
      [caseNumber],
    );
    return rows.length > 0;
  }

  /**
   * Marks one asset's pending transfer registered (the caller moves the owner and records the
   * transfer in the same transaction) and closes the clerks' work item. Returns false when it
   * was already registered (a retry).
   */
  async completeTransferRequest(
    registration: {
      transferId: string;
      assetNumber: string;
      registrationNumber: string;
      registeredOn: string;
      registeredBy: string;
    },
    manager: EntityManager,
  ): Promise<{ toOwner: string; caseNumber: string } | null> {
    const rows: { to_owner: string; case_number: string }[] = await manager.query(
      `WITH done AS (
         UPDATE asset_transfer_request
            SET status = 'REGISTERED', registration_number = $3, registered_on = $4, registered_by = $5
          WHERE transfer_id = $1 AND asset_number = $2 AND status = 'PENDING'
          RETURNING to_owner, case_number)
       SELECT to_owner, case_number FROM done`,
      [
        registration.transferId,
        registration.assetNumber,
        registration.registrationNumber,
        registration.registeredOn,
        registration.registeredBy,
      ],
    );
    await completeWorkItem(
      manager,
      'TRANSFER_REGISTRATION',
      registration.transferId,
      registration.registeredOn,
      registration.registeredBy,
    );
    const row = rows[0];
    return row ? { toOwner: row.to_owner, caseNumber: row.case_number } : null;
  }

  /** The assets of a pending or registered transfer request. */
  async transferRequestAssets(transferId: string, manager: EntityManager): Promise<string[]> {
    const rows: { asset_number: string }[] = await manager.query(
      `SELECT asset_number FROM asset_transfer_request WHERE transfer_id = $1 ORDER BY asset_number`,
      [transferId],
    );
    return rows.map((r) => r.asset_number);
  }

  /** The pending transfer of an asset, shown with the register's entry (null if none). */
  async pendingTransferOf(assetNumber: string): Promise<Record<string, unknown> | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT transfer_id AS "transferId", case_number AS "caseNumber", from_owners AS "fromOwners",
              to_owner AS "toOwner", to_char(requested_on, 'YYYY-MM-DD') AS "requestedOn"
         FROM asset_transfer_request WHERE asset_number = $1 AND status = 'PENDING'
        ORDER BY requested_on DESC LIMIT 1`,
      [assetNumber],
    );
    return rows[0] ?? null;
  }

  /** The case's transfer requests, pending or registered. */
  async transferRequestsOfCase(caseNumber: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT transfer_id AS "transferId", asset_number AS "assetNumber", from_owners AS "fromOwners",
              to_owner AS "toOwner", to_char(requested_on, 'YYYY-MM-DD') AS "requestedOn", status,
              registration_number AS "registrationNumber", to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn",
              registered_by AS "registeredBy"
         FROM asset_transfer_request WHERE case_number = $1 ORDER BY asset_number`,
      [caseNumber],
    );
  }

  async transfersOfCase(caseNumber: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT transfer_number AS "transferNumber", asset_number AS "assetNumber", from_owners AS "fromOwners",
              to_owner AS "toOwner", ground, to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn"
         FROM asset_transfer WHERE case_number = $1 ORDER BY asset_number`,
      [caseNumber],
    );
  }

  async pledgesOfCase(caseNumber: string): Promise<PledgeRow[]> {
    return this.db.query(
      `SELECT asset_number AS "assetNumber", case_number AS "caseNumber", registration_number AS "registrationNumber", status,
              to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn", to_char(released_on, 'YYYY-MM-DD') AS "releasedOn",
              release_ground AS "releaseGround"
         FROM pledge WHERE case_number = $1 ORDER BY asset_number, id`,
      [caseNumber],
    );
  }
}
