import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../../../audit/src/audit-log';
import type {
  DisposalBid,
  DisposalEvent,
  DisposalRound,
  DisposalSnapshot,
  DisposalStatus,
  ExcludedBidders,
} from '../../../../domain/src/disposal';

/** A timeline entry as read back: the actor flattened to its id and role (SYSTEM for none). */
export interface DisposalTimelineRow {
  seq: number;
  event: string;
  actorUserId: string | null;
  actorRole: string;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** A round as read back for the API (its opening instant is in the disposal file only). */
export type DisposalRoundRow = Omit<DisposalRound, 'openedAt'>;

/**
 * The disposal's read model: the snapshot (version only moves forward), its timeline with actor
 * and instant of every step, and the price path of every round with every bid. One projection
 * writes all of it in one transaction; every write is idempotent, so a retry changes nothing.
 */
@Injectable()
export class DisposalRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async project(snapshot: DisposalSnapshot, event: DisposalEvent | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO disposal (case_number, workflow_id, bank_org_id, status, method, version, detail, started_on)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (case_number) DO UPDATE
            SET status = EXCLUDED.status, method = EXCLUDED.method, version = EXCLUDED.version,
                detail = EXCLUDED.detail, updated_at = now()
          WHERE disposal.version <= EXCLUDED.version`,
        [
          snapshot.caseNumber,
          snapshot.workflowId,
          snapshot.bankOrgId,
          snapshot.status,
          snapshot.method,
          snapshot.version,
          JSON.stringify(snapshot),
          snapshot.startedOn,
        ],
      );
      if (event) {
        await tx.query(
          `INSERT INTO disposal_event (case_number, seq, event, actor_user_id, actor_role, business_date, occurred_at, payload)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (case_number, seq) DO NOTHING`,
          [
            snapshot.caseNumber,
            event.seq,
            event.event,
            event.actor?.userId ?? null,
            event.actor?.role ?? 'SYSTEM',
            event.businessDate,
            event.occurredAt,
            JSON.stringify(event.payload),
          ],
        );
      }
      for (const r of snapshot.rounds) {
        await tx.query(
          `INSERT INTO disposal_round (case_number, round, method, starting_price, minimum_price, opened_on, closes_on,
                                       opened_by, opened_at, outcome, closed_on, winning_bid_seq)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
           ON CONFLICT (case_number, round) DO UPDATE
              SET outcome = EXCLUDED.outcome, closed_on = EXCLUDED.closed_on, winning_bid_seq = EXCLUDED.winning_bid_seq
            WHERE disposal_round.outcome = 'OPEN'`,
          [
            snapshot.caseNumber,
            r.round,
            r.method,
            r.startingPrice,
            r.minimumPrice,
            r.openedOn,
            r.closesOn,
            r.openedBy,
            r.openedAt,
            r.outcome,
            r.closedOn,
            r.winningBidSeq,
          ],
        );
      }
      // Bidders and their deposits before the bids that reference them.
      for (const b of snapshot.bidders ?? []) {
        await tx.query(
          `INSERT INTO disposal_bidder (case_number, bidder_id, kind, identity, name, registered_on, registered_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (case_number, bidder_id) DO NOTHING`,
          [snapshot.caseNumber, b.id, b.kind, b.identity, b.name, b.registeredOn, b.registeredBy],
        );
        if (b.deposit)
          await tx.query(
            `INSERT INTO disposal_bidder_deposit (case_number, bidder_id, amount, reference, paid_on, recorded_on, recorded_by)
             VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (case_number, bidder_id) DO NOTHING`,
            [
              snapshot.caseNumber,
              b.id,
              b.deposit.amount,
              b.deposit.reference,
              b.deposit.paidOn,
              b.deposit.recordedOn,
              b.deposit.recordedBy,
            ],
          );
      }
      const proposal = snapshot.writeOffProposal;
      if (proposal)
        await tx.query(
          `INSERT INTO disposal_write_off_approval (case_number, reason, proposed_by, proposed_on, approved_by, approved_on)
           VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (case_number) DO UPDATE SET approved_by = EXCLUDED.approved_by, approved_on = EXCLUDED.approved_on
            WHERE disposal_write_off_approval.approved_by IS NULL`,
          [
            snapshot.caseNumber,
            proposal.reason,
            proposal.proposedBy,
            proposal.proposedOn,
            proposal.approvedBy,
            proposal.approvedOn,
          ],
        );
      for (const b of snapshot.bids) {
        await tx.query(
          `INSERT INTO disposal_bid (case_number, seq, round, bidder, amount, bid_at, business_date, recorded_by, at_or_above_start, bidder_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (case_number, seq) DO NOTHING`,
          [
            snapshot.caseNumber,
            b.seq,
            b.round,
            b.bidder,
            b.amount,
            b.at,
            b.businessDate,
            b.recordedBy,
            b.atOrAboveStart,
            b.bidderId ?? null,
          ],
        );
      }
      // Last in the transaction, so the audit chain's lock is held only for the commit.
      if (event) {
        await this.audit.append(
          {
            actor: await this.audit.actorOfUser(event.actor?.userId ?? null, tx),
            action: 'DISPOSAL_EVENT',
            subjectType: 'DISPOSAL',
            subjectId: snapshot.caseNumber,
            payload: {
              seq: event.seq,
              event: event.event,
              status: snapshot.status,
              businessDate: event.businessDate,
              detail: event.payload,
            },
            sourceKey: `disposal:${snapshot.caseNumber}:${event.seq}`,
            occurredAt: event.occurredAt,
          },
          tx,
        );
      }
    });
  }

  /**
   * Who may not bid on the case's pledged asset: the pledgor, its legal representative (from
   * the enterprise register) and the lending bank (its USCC); null where a register has none.
   */
  async excludedBidders(pledgorUscc: string, bankOrgId: string): Promise<ExcludedBidders> {
    const rows: { legalRep: string | null; bankUscc: string | null }[] = await this.db.query(
      `SELECT (SELECT legal_rep_id_number FROM enterprise WHERE uscc = $1) AS "legalRep",
              (SELECT uscc FROM organisation WHERE id = $2) AS "bankUscc"`,
      [pledgorUscc, bankOrgId],
    );
    return {
      pledgorUscc,
      legalRepIdNumber: rows[0]?.legalRep ?? null,
      bankUscc: rows[0]?.bankUscc ?? null,
    };
  }

  /** The snapshot as last projected, or null if the case has no disposal. */
  async find(caseNumber: string): Promise<DisposalSnapshot | null> {
    const rows: { detail: DisposalSnapshot }[] = await this.db.query(
      `SELECT detail FROM disposal WHERE case_number = $1`,
      [caseNumber],
    );
    return rows[0]?.detail ?? null;
  }

  async timeline(caseNumber: string): Promise<DisposalTimelineRow[]> {
    return this.db.query(
      `SELECT seq, event, actor_user_id AS "actorUserId", actor_role AS "actorRole",
              to_char(business_date, 'YYYY-MM-DD') AS "businessDate",
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", payload
         FROM disposal_event WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
  }

  async rounds(caseNumber: string): Promise<DisposalRoundRow[]> {
    return this.db.query(
      `SELECT round, method, starting_price::text AS "startingPrice", minimum_price::text AS "minimumPrice",
              to_char(opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(closes_on, 'YYYY-MM-DD') AS "closesOn",
              opened_by AS "openedBy", outcome, to_char(closed_on, 'YYYY-MM-DD') AS "closedOn",
              winning_bid_seq AS "winningBidSeq"
         FROM disposal_round WHERE case_number = $1 ORDER BY round`,
      [caseNumber],
    );
  }

  async bids(caseNumber: string): Promise<DisposalBid[]> {
    return this.db.query(
      `SELECT seq, round, bidder, bidder_id AS "bidderId", amount::text AS amount,
              to_char(bid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at",
              to_char(business_date, 'YYYY-MM-DD') AS "businessDate", recorded_by AS "recordedBy",
              at_or_above_start AS "atOrAboveStart"
         FROM disposal_bid WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
  }

  /** The registered bidders with their deposits, in order of registration. */
  async bidders(caseNumber: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT b.bidder_id AS "id", b.kind, b.identity, b.name,
              to_char(b.registered_on, 'YYYY-MM-DD') AS "registeredOn", b.registered_by AS "registeredBy",
              CASE WHEN d.bidder_id IS NULL THEN NULL ELSE json_build_object(
                'amount', d.amount::text, 'reference', d.reference,
                'paidOn', to_char(d.paid_on, 'YYYY-MM-DD'), 'recordedBy', d.recorded_by,
                'recordedOn', to_char(d.recorded_on, 'YYYY-MM-DD')) END AS deposit
         FROM disposal_bidder b
         LEFT JOIN disposal_bidder_deposit d USING (case_number, bidder_id)
        WHERE b.case_number = $1 ORDER BY b.registered_on, length(b.bidder_id), b.bidder_id`,
      [caseNumber],
    );
  }

  /** Case numbers of running disposals, a page at a time (close of business tells them the date). */
  async liveCaseNumbers(
    statuses: readonly DisposalStatus[],
    afterCaseNumber: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows: { case_number: string }[] = await this.db.query(
      `SELECT case_number FROM disposal WHERE status = ANY($1) AND ($2::text IS NULL OR case_number > $2)
        ORDER BY case_number LIMIT $3`,
      [statuses, afterCaseNumber, limit],
    );
    return rows.map((r) => r.case_number);
  }
}
