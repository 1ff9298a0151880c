import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of the outbox: every event fans out into one delivery per (event, channel, recipient)
 * — a user's in-app inbox, an organisation's contact e-mail and phone, its webhook endpoints —
 * so a retry or a second dispatcher adds nothing, and an undelivered row survives a Redis loss.
 * Users and organisation contacts get a language for the templates.
 */
export class Notifications1764700000000 implements MigrationInterface {
  name = 'Notifications1764700000000';

  async up(db: QueryRunner): Promise<void> {
    // NULL: the user chose none; the request's Accept-Language decides, else zh-CN.
    await db.query(`
      ALTER TABLE app_user
        ADD COLUMN language text CHECK (language IN ('zh-CN', 'en'))`);
    await db.query(`
      ALTER TABLE organisation
        ADD COLUMN contact_email text CHECK (contact_email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
        ADD COLUMN contact_phone text CHECK (contact_phone ~ '^\\+?[0-9]{6,20}$'),
        ADD COLUMN contact_language text NOT NULL DEFAULT 'zh-CN'
          CHECK (contact_language IN ('zh-CN', 'en'))`);
    await db.query(`
      CREATE TABLE webhook_endpoint (
        id               bigserial PRIMARY KEY,
        organisation_id  text NOT NULL REFERENCES organisation(id),
        url              text NOT NULL CHECK (url ~ '^https?://[^\\s]+$' AND length(url) <= 2000),
        secret           text NOT NULL CHECK (length(secret) >= 32),
        event_types      text[] CHECK (event_types IS NULL OR cardinality(event_types) > 0),
        description      text,
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        deleted_by       text,
        deleted_at       timestamptz,
        CONSTRAINT webhook_endpoint_deleted_by_someone CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
      )`);
    await db.query(
      `CREATE INDEX webhook_endpoint_live ON webhook_endpoint (organisation_id) WHERE deleted_at IS NULL`,
    );
    await db.query(`
      CREATE TABLE notification_delivery (
        id               bigserial PRIMARY KEY,
        event_id         bigint NOT NULL REFERENCES outbox_event(id),
        channel          text NOT NULL CHECK (channel IN ('IN_APP', 'EMAIL', 'SMS', 'WEBHOOK')),
        recipient        text NOT NULL,
        organisation_id  text NOT NULL REFERENCES organisation(id),
        user_id          text REFERENCES app_user(id),
        endpoint_id      bigint REFERENCES webhook_endpoint(id),
        address          text,
        language         text NOT NULL CHECK (language IN ('zh-CN', 'en')),
        status           text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        round            integer NOT NULL DEFAULT 0 CHECK (round >= 0),
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        locked_until     timestamptz,
        last_error       text,
        delivered_at     timestamptz,
        read_at          timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_delivery_once UNIQUE (event_id, channel, recipient),
        CONSTRAINT notification_delivery_in_app_user CHECK ((channel = 'IN_APP') = (user_id IS NOT NULL)),
        CONSTRAINT notification_delivery_webhook_endpoint CHECK ((channel = 'WEBHOOK') = (endpoint_id IS NOT NULL)),
        CONSTRAINT notification_delivery_address CHECK (channel NOT IN ('EMAIL', 'SMS') OR address IS NOT NULL),
        CONSTRAINT notification_delivery_read_in_app CHECK (read_at IS NULL OR channel = 'IN_APP'),
        CONSTRAINT notification_delivery_delivered_at CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX notification_delivery_inbox ON notification_delivery (user_id, id DESC) WHERE channel = 'IN_APP'`,
    );
    await db.query(
      `CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await db.query(
      `CREATE INDEX notification_delivery_dead ON notification_delivery (id) WHERE status = 'DEAD'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_delivery`);
    await db.query(`DROP TABLE webhook_endpoint`);
    await db.query(`
      ALTER TABLE organisation
        DROP COLUMN contact_email, DROP COLUMN contact_phone, DROP COLUMN contact_language`);
    await db.query(`ALTER TABLE app_user DROP COLUMN language`);
  }
}
