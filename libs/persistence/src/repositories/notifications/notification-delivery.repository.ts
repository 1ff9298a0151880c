import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotifiableEvent } from '../../../../domain/src/notifications/notification-templates';

export type DeliveryChannel = 'IN_APP' | 'EMAIL' | 'SMS' | 'WEBHOOK';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

/** A delivery to hand to the queue: the job id is built from all three, one per attempt. */
export interface DueDelivery {
  id: string;
  round: number;
  attempts: number;
}

/** Which channels the dispatcher fans out to besides the in-app inbox (configuration). */
export interface FanOutChannels {
  email: boolean;
  /** Event types that also go out by SMS; none when SMS is not configured. */
  smsEventTypes: readonly string[];
}

/** An outbox event as a channel sends it. */
export interface OutboxEventRow extends NotifiableEvent {
  id: string;
  eventKey: string;
  createdAt: string;
}

/** A claimed delivery: what to send, to where, in which language. */
export interface ClaimedDelivery {
  id: string;
  channel: Exclude<DeliveryChannel, 'IN_APP'>;
  organisationId: string;
  address: string | null;
  language: 'zh-CN' | 'en';
  attempts: number;
  round: number;
  event: OutboxEventRow;
  endpoint: { id: string; url: string; secret: string; deleted: boolean } | null;
}

export interface InboxItem {
  id: string;
  eventType: string;
  subject: string;
  caseNumber: string | null;
  businessDate: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface WebhookEndpointRow {
  id: string;
  organisationId: string;
  url: string;
  eventTypes: string[] | null;
  description: string | null;
  createdBy: string;
  createdAt: string;
}

export interface WebhookDeliveryRow {
  id: string;
  eventId: string;
  eventKey: string;
  eventType: string;
  endpointId: string;
  organisationId: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  round: number;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  createdAt: string;
}

const EVENT_COLUMNS = `e.id::text AS id, e.event_key AS "eventKey", e.event_type AS "eventType", e.subject,
  e.case_number AS "caseNumber", to_char(e.business_date, 'YYYY-MM-DD') AS "businessDate", e.payload,
  e.created_at AS "createdAt"`;

const ENDPOINT_COLUMNS = `id::text AS id, organisation_id AS "organisationId", url, event_types AS "eventTypes",
  description, created_by AS "createdBy", created_at AS "createdAt"`;

/**
 * The delivery side of the outbox: fan-out of undispatched events into deliveries, the claim and
 * outcome of each attempt, the in-app inbox, webhook endpoints and dead letters.
 */
@Injectable()
export class NotificationDeliveryRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims up to `limit` undispatched events (rows another dispatcher holds are skipped), writes
   * their deliveries — at most one per (event, channel, recipient) — and marks them dispatched.
   * In-app deliveries are delivered by being written. The whole batch is one statement; if it
   * fails, each event is tried on its own, so an event whose fan-out fails stays undispatched
   * (`failed`) without holding up the others.
   */
  async dispatch(
    limit: number,
    channels: FanOutChannels,
  ): Promise<{ claimed: number; due: DueDelivery[]; failed: string[] }> {
    try {
      return { ...(await this.fanOut(limit, channels, null)), failed: [] };
    } catch {
      const events = (await this.db.query(
        `SELECT id::text AS id FROM outbox_event WHERE dispatched_at IS NULL ORDER BY id LIMIT $1`,
        [limit],
      )) as { id: string }[];
      const due: DueDelivery[] = [];
      const failed: string[] = [];
      for (const { id } of events) {
        try {
          due.push(...(await this.fanOut(1, channels, id)).due);
        } catch {
          failed.push(id);
        }
      }
      return { claimed: events.length, due, failed };
    }
  }

  /**
   * One statement: claims up to `limit` undispatched events (only `eventId` when given), inserts
   * their deliveries on every channel and marks them dispatched; returns the deliveries to queue.
   */
  private async fanOut(
    limit: number,
    channels: FanOutChannels,
    eventId: string | null,
  ): Promise<{ claimed: number; due: DueDelivery[] }> {
    const [result] = (await this.db.query(
      `WITH claimed AS (
         SELECT id, event_type, recipient_org_ids, payload->>'role' AS role
           FROM outbox_event
          WHERE dispatched_at IS NULL AND ($4::bigint IS NULL OR id = $4)
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
       ), inserted AS (
         INSERT INTO notification_delivery (event_id, channel, recipient, organisation_id, user_id,
                                            endpoint_id, address, language, status, delivered_at)
         -- A task names the role that does it: only that role's users are told in the app.
         SELECT c.id, 'IN_APP', u.id, u.organisation_id, u.id, NULL::bigint, NULL,
                COALESCE(u.language, 'zh-CN'), 'DELIVERED', now()
           FROM claimed c JOIN app_user u
             ON u.active AND u.organisation_id = ANY(c.recipient_org_ids)
            AND (c.role IS NULL OR u.role = c.role)
         UNION ALL
         SELECT c.id, 'EMAIL', o.id, o.id, NULL, NULL, o.contact_email, o.contact_language, 'PENDING', NULL
           FROM claimed c JOIN organisation o ON o.id = ANY(c.recipient_org_ids)
          WHERE $2::boolean AND o.contact_email IS NOT NULL
         UNION ALL
         SELECT c.id, 'SMS', o.id, o.id, NULL, NULL, o.contact_phone, o.contact_language, 'PENDING', NULL
           FROM claimed c JOIN organisation o ON o.id = ANY(c.recipient_org_ids)
          WHERE c.event_type = ANY($3::text[]) AND o.contact_phone IS NOT NULL
         UNION ALL
         SELECT c.id, 'WEBHOOK', w.id::text, w.organisation_id, NULL, w.id, NULL, o.contact_language,
                'PENDING', NULL
           FROM claimed c
           JOIN webhook_endpoint w ON w.deleted_at IS NULL AND w.organisation_id = ANY(c.recipient_org_ids)
                                  AND (w.event_types IS NULL OR c.event_type = ANY(w.event_types))
           JOIN organisation o ON o.id = w.organisation_id
         ON CONFLICT ON CONSTRAINT notification_delivery_once DO NOTHING
         RETURNING id, round, attempts, channel
       ), marked AS (
         UPDATE outbox_event e SET dispatched_at = now() FROM claimed c WHERE e.id = c.id RETURNING e.id
       )
       SELECT (SELECT count(*) FROM marked)::int AS claimed,
              COALESCE((SELECT json_agg(json_build_object('id', id::text, 'round', round, 'attempts', attempts)
                                        ORDER BY id)
                          FROM inserted WHERE channel <> 'IN_APP'), '[]') AS due`,
      [limit, channels.email, channels.smsEventTypes, eventId],
    )) as { claimed: number; due: DueDelivery[] }[];
    return result!;
  }

  /**
   * Pending deliveries whose attempt is due and that no one is sending: after a Redis loss their
   * jobs are gone, so the sweep queues them again (the job id makes a job still queued a no-op).
   */
  async due(limit: number): Promise<DueDelivery[]> {
    return this.db.query(
      `SELECT id::text AS id, round, attempts FROM notification_delivery
        WHERE status = 'PENDING' AND next_attempt_at <= now()
          AND (locked_until IS NULL OR locked_until < now())
        ORDER BY next_attempt_at, id LIMIT $1`,
      [limit],
    );
  }

  /**
   * Takes one attempt of a delivery for `leaseMs`: only if it is still pending at that round and
   * attempt and nobody holds it, so a duplicated job sends nothing.
   */
  async claim(job: DueDelivery, leaseMs: number): Promise<ClaimedDelivery | null> {
    const rows = (await this.db.query(
      `UPDATE notification_delivery
          SET locked_until = now() + $4 * interval '1 millisecond', updated_at = now()
        WHERE id = $1 AND round = $2 AND attempts = $3 AND status = 'PENDING'
          AND (locked_until IS NULL OR locked_until < now())
        RETURNING id::text AS id, channel, organisation_id AS "organisationId", address, language,
                  attempts, round, event_id::text AS "eventId", endpoint_id::text AS "endpointId"`,
      [job.id, job.round, job.attempts, leaseMs],
    )) as [
      (Omit<ClaimedDelivery, 'event' | 'endpoint'> & {
        eventId: string;
        endpointId: string | null;
      })[],
      number,
    ];
    const claimed = rows[0][0];
    if (!claimed) return null;
    const [event] = (await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM outbox_event e WHERE e.id = $1`,
      [claimed.eventId],
    )) as OutboxEventRow[];
    const endpoints = claimed.endpointId
      ? ((await this.db.query(
          `SELECT id::text AS id, url, secret, deleted_at IS NOT NULL AS deleted FROM webhook_endpoint WHERE id = $1`,
          [claimed.endpointId],
        )) as NonNullable<ClaimedDelivery['endpoint']>[])
      : [];
    return {
      id: claimed.id,
      channel: claimed.channel,
      organisationId: claimed.organisationId,
      address: claimed.address,
      language: claimed.language,
      attempts: claimed.attempts,
      round: claimed.round,
      event: event!,
      endpoint: endpoints[0] ?? null,
    };
  }

  async markDelivered(id: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_delivery
          SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, locked_until = NULL,
              last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [id],
    );
  }

  /** Records a failed attempt: retried after `retryInMs`, or dead-lettered when null. */
  async markFailed(
    id: string,
    error: string,
    retryInMs: number | null,
  ): Promise<DueDelivery | null> {
    const rows = (await this.db.query(
      `UPDATE notification_delivery
          SET attempts = attempts + 1, last_error = left($2, 1000), locked_until = NULL, updated_at = now(),
              status = CASE WHEN $3::int IS NULL THEN 'DEAD' ELSE 'PENDING' END,
              next_attempt_at = now() + COALESCE($3::int, 0) * interval '1 millisecond'
        WHERE id = $1 AND status = 'PENDING'
        RETURNING id::text AS id, round, attempts, status`,
      [id, error, retryInMs],
    )) as [(DueDelivery & { status: DeliveryStatus })[], number];
    const row = rows[0][0];
    return row && row.status === 'PENDING'
      ? { id: row.id, round: row.round, attempts: row.attempts }
      : null;
  }

  // --- the in-app inbox -----------------------------------------------------------------------

  /** The user's chosen language, if any. */
  async languageOf(userId: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT language FROM app_user WHERE id = $1`, [userId])) as {
      language: string | null;
    }[];
    return rows[0]?.language ?? null;
  }

  async inbox(
    userId: string,
    filter: { unread: boolean; page: number; pageSize: number },
  ): Promise<{ items: InboxItem[]; total: number; unreadCount: number }> {
    const items = (await this.db.query(
      `SELECT d.id::text AS id, e.event_type AS "eventType", e.subject, e.case_number AS "caseNumber",
              to_char(e.business_date, 'YYYY-MM-DD') AS "businessDate", e.payload,
              d.created_at AS "createdAt", d.read_at AS "readAt"
         FROM notification_delivery d JOIN outbox_event e ON e.id = d.event_id
        WHERE d.channel = 'IN_APP' AND d.user_id = $1 AND (NOT $2 OR d.read_at IS NULL)
        ORDER BY d.id DESC LIMIT $3 OFFSET $4`,
      [userId, filter.unread, filter.pageSize, (filter.page - 1) * filter.pageSize],
    )) as InboxItem[];
    const [counts] = (await this.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notification_delivery WHERE channel = 'IN_APP' AND user_id = $1`,
      [userId],
    )) as { total: number; unread: number }[];
    return {
      items,
      total: filter.unread ? counts!.unread : counts!.total,
      unreadCount: counts!.unread,
    };
  }

  /** Marks one of the user's notifications read (a second time keeps the first instant). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE notification_delivery SET read_at = COALESCE(read_at, now()), updated_at = now()
        WHERE id = $1 AND channel = 'IN_APP' AND user_id = $2 RETURNING id`,
      [id, userId],
    )) as [unknown[], number];
    return rows[0].length > 0;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_delivery SET read_at = now(), updated_at = now()
        WHERE channel = 'IN_APP' AND user_id = $1 AND read_at IS NULL`,
      [userId],
    );
  }

  // --- webhook endpoints and dead letters -----------------------------------------------------

  async organisationExists(id: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM organisation WHERE id = $1`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  async createEndpoint(endpoint: {
    organisationId: string;
    url: string;
    secret: string;
    eventTypes: string[] | null;
    description: string | null;
    createdBy: string;
  }): Promise<WebhookEndpointRow> {
    const [row] = (await this.db.query(
      `INSERT INTO webhook_endpoint (organisation_id, url, secret, event_types, description, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [
        endpoint.organisationId,
        endpoint.url,
        endpoint.secret,
        endpoint.eventTypes,
        endpoint.description,
        endpoint.createdBy,
      ],
    )) as WebhookEndpointRow[];
    return row!;
  }

  /** Live endpoints of an organisation, or of every organisation when null. */
  async endpoints(organisationId: string | null): Promise<WebhookEndpointRow[]> {
    return this.db.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint
        WHERE deleted_at IS NULL AND ($1::text IS NULL OR organisation_id = $1) ORDER BY id`,
      [organisationId],
    );
  }

  /** Deletes a live endpoint of the organisation (any organisation's when null). */
  async deleteEndpoint(id: string, organisationId: string | null, by: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE webhook_endpoint SET deleted_at = now(), deleted_by = $3
        WHERE id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR organisation_id = $2) RETURNING id`,
      [id, organisationId, by],
    )) as [unknown[], number];
    return rows[0].length > 0;
  }

  async webhookDeliveries(filter: {
    status: DeliveryStatus | null;
    limit: number;
  }): Promise<WebhookDeliveryRow[]> {
    return this.db.query(
      `SELECT d.id::text AS id, d.event_id::text AS "eventId", e.event_key AS "eventKey",
              e.event_type AS "eventType", d.endpoint_id::text AS "endpointId",
              d.organisation_id AS "organisationId", w.url, d.status, d.attempts, d.round,
              d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
              d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"
         FROM notification_delivery d
         JOIN outbox_event e ON e.id = d.event_id
         JOIN webhook_endpoint w ON w.id = d.endpoint_id
        WHERE d.channel = 'WEBHOOK' AND ($1::text IS NULL OR d.status = $1)
        ORDER BY d.id DESC LIMIT $2`,
      [filter.status, filter.limit],
    );
  }

  /**
   * Sends a dead-lettered webhook delivery again from its first attempt (a new round), unless
   * its endpoint was deleted. Only a DEAD delivery moves.
   */
  async replay(
    id: string,
  ): Promise<
    | { ok: true; delivery: DueDelivery }
    | { ok: false; reason: 'NOT_FOUND' | 'NOT_DEAD' | 'ENDPOINT_DELETED' }
  > {
    const found = (await this.db.query(
      `SELECT d.status, w.deleted_at IS NOT NULL AS deleted
         FROM notification_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
        WHERE d.id = $1 AND d.channel = 'WEBHOOK'`,
      [id],
    )) as { status: DeliveryStatus; deleted: boolean }[];
    if (!found[0]) return { ok: false, reason: 'NOT_FOUND' };
    if (found[0].deleted) return { ok: false, reason: 'ENDPOINT_DELETED' };
    const rows = (await this.db.query(
      `UPDATE notification_delivery
          SET status = 'PENDING', round = round + 1, attempts = 0, next_attempt_at = now(),
              locked_until = NULL, updated_at = now()
        WHERE id = $1 AND status = 'DEAD'
        RETURNING id::text AS id, round, attempts`,
      [id],
    )) as [DueDelivery[], number];
    const delivery = rows[0][0];
    return delivery ? { ok: true, delivery } : { ok: false, reason: 'NOT_DEAD' };
  }
}
