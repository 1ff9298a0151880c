import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../../audit/src/audit-log';
import type { AssetKind, LegalStatus, RegisteredAsset } from '../../../domain/src/ip-assets';
import type { Actor } from '../../../domain/src/roles';

export interface AssetHistoryRow {
  change: string;
  before: RegisteredAsset | null;
  after: RegisteredAsset;
  changedBy: string;
  changedAt: string;
}

export interface AssetChange {
  change: 'CREATED' | 'UPDATED' | 'UNCHANGED';
  before: RegisteredAsset | null;
  after: RegisteredAsset;
}

const SELECT_ASSET = `
  SELECT number, kind, title, owners,
         to_char(grant_date, 'YYYY-MM-DD') AS "grantDate",
         to_char(expiry_date, 'YYYY-MM-DD') AS "expiryDate",
         to_char(annual_fee_paid_until, 'YYYY-MM-DD') AS "annualFeePaidUntil",
         legal_status AS "legalStatus"
    FROM ip_asset`;

/** The registration office's register of patents, trademarks and software copyrights. */
@Injectable()
export class AssetRegisterRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async find(
    number: string,
    manager: EntityManager = this.db.manager,
  ): Promise<RegisteredAsset | null> {
    const rows: RegisteredAsset[] = await manager.query(`${SELECT_ASSET} WHERE number = $1`, [
      number,
    ]);
    return rows[0] ?? null;
  }

  async list(filter: {
    owner?: string;
    kind?: AssetKind;
    status?: LegalStatus;
    limit: number;
    after?: string;
  }): Promise<RegisteredAsset[]> {
    return this.db.query(
      `${SELECT_ASSET}
        WHERE ($1::text IS NULL OR $1 = ANY(owners)) AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR legal_status = $3) AND ($4::text IS NULL OR number > $4)
        ORDER BY number LIMIT $5`,
      [
        filter.owner ?? null,
        filter.kind ?? null,
        filter.status ?? null,
        filter.after ?? null,
        filter.limit,
      ],
    );
  }

  /**
   * Inserts or replaces one asset and writes the change to its history, in the caller's
   * transaction when one is given. Returns the kind of change and the asset before and after.
   */
  async upsert(
    asset: RegisteredAsset,
    changedBy: string,
    manager?: EntityManager,
  ): Promise<AssetChange> {
    const work = async (tx: EntityManager) => {
      const rows: RegisteredAsset[] = await tx.query(
        `${SELECT_ASSET} WHERE number = $1 FOR UPDATE`,
        [asset.number],
      );
      const before = rows[0] ?? null;
      const normalised: RegisteredAsset = { ...asset, owners: [...asset.owners] };
      if (before && JSON.stringify(before) === JSON.stringify(normalised))
        return { change: 'UNCHANGED' as const, before, after: before };
      await tx.query(
        `INSERT INTO ip_asset (number, kind, title, owners, grant_date, expiry_date, annual_fee_paid_until, legal_status)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (number) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, owners = EXCLUDED.owners,
           grant_date = EXCLUDED.grant_date, expiry_date = EXCLUDED.expiry_date,
           annual_fee_paid_until = EXCLUDED.annual_fee_paid_until, legal_status = EXCLUDED.legal_status, updated_at = now()`,
        [
          asset.number,
          asset.kind,
          asset.title,
          asset.owners,
          asset.grantDate,
          asset.expiryDate,
          asset.annualFeePaidUntil,
          asset.legalStatus,
        ],
      );
      await tx.query(
        `INSERT INTO ip_asset_history (number, change, before, after, changed_by) VALUES ($1,$2,$3,$4,$5)`,
        [
          asset.number,
          before ? 'UPDATED' : 'CREATED',
          before ? JSON.stringify(before) : null,
          JSON.stringify(normalised),
          changedBy,
        ],
      );
      return {
        change: before ? ('UPDATED' as const) : ('CREATED' as const),
        before,
        after: normalised,
      };
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  /**
   * Stores assets in one transaction, each change with its history row and its audit entry
   * (ASSET_CREATED / ASSET_UPDATED), then `afterStore` in the same transaction (the check of the
   * changes against the active pledges). The audit entries go last: the chain lock is then held
   * only while they are written.
   */
  async storeAll(
    assets: RegisteredAsset[],
    actor: Actor,
    afterStore: (tx: EntityManager, changes: AssetChange[]) => Promise<unknown> = async () =>
      undefined,
  ): Promise<AssetChange[]> {
    return this.db.transaction(async (tx) => {
      const changes: AssetChange[] = [];
      for (const asset of assets) changes.push(await this.upsert(asset, actor.userId, tx));
      await afterStore(tx, changes);
      for (const { change, before, after } of changes) {
        if (change === 'UNCHANGED') continue;
        await this.audit.append(
          {
            actor,
            action: `ASSET_${change}`,
            subjectType: 'ASSET',
            subjectId: after.number,
            payload: { before, after },
          },
          tx,
        );
      }
      return changes;
    });
  }

  async history(number: string): Promise<AssetHistoryRow[]> {
    return this.db.query(
      `SELECT change, before, after, changed_by AS "changedBy",
              to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "changedAt"
         FROM ip_asset_history WHERE number = $1 ORDER BY id`,
      [number],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
