import type { MigrationInterface, QueryRunner } from 'typeorm';

const USCC = `'^[0-9A-HJ-NPQRTUWXY]{18}$'`;
const RESIDENT_ID = `'^[0-9]{17}[0-9X]$'`;

/**
 * The disposal's market controls. Banks carry their USCC (a lending bank may not bid). Bidders
 * are registered per disposal, once per identity, never a party to the pledge (a trigger reads
 * the pledge register and the enterprise register); a bid references the bidder's deposit, so
 * no bid is stored for a bidder without one (bids recorded before bidders have none, and
 * reference nothing). A write-off is approved by another user than its proposer. The transfer
 * of a sold asset waits at the registration office until a clerk registers it.
 */
export class DisposalMarket1764580000000 implements MigrationInterface {
  name = 'DisposalMarket1764580000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE organisation ADD COLUMN uscc text
         CONSTRAINT organisation_uscc_unique UNIQUE
         CONSTRAINT organisation_uscc_format CHECK (uscc IS NULL OR uscc ~ ${USCC})`,
    );
    await db.query(`
      CREATE TABLE disposal_bidder (
        case_number    text NOT NULL REFERENCES disposal(case_number),
        bidder_id      text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('FIRM','PERSON')),
        identity       text NOT NULL,
        name           text NOT NULL CHECK (length(btrim(name)) > 0),
        registered_on  date NOT NULL,
        registered_by  text NOT NULL,
        PRIMARY KEY (case_number, bidder_id),
        CONSTRAINT disposal_bidder_once UNIQUE (case_number, identity),
        CONSTRAINT disposal_bidder_identity CHECK (
          (kind = 'FIRM' AND identity ~ ${USCC}) OR (kind = 'PERSON' AND identity ~ ${RESIDENT_ID}))
      )`);
    await db.query(`
      CREATE FUNCTION disposal_bidder_not_a_party() RETURNS trigger AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM pledge p
            LEFT JOIN enterprise e ON e.uscc = p.pledgor_uscc
            LEFT JOIN organisation o ON o.id = p.pledgee_org_id
           WHERE p.case_number = NEW.case_number
             AND NEW.identity IN (p.pledgor_uscc, e.legal_rep_id_number, o.uscc)
        ) THEN
          RAISE EXCEPTION 'Bidder % is a party to the pledge of case %', NEW.bidder_id, NEW.case_number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'disposal_bidder_not_a_party';
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`);
    await db.query(`
      CREATE TRIGGER disposal_bidder_not_a_party BEFORE INSERT OR UPDATE ON disposal_bidder
        FOR EACH ROW EXECUTE FUNCTION disposal_bidder_not_a_party()`);
    await db.query(`
      CREATE TABLE disposal_bidder_deposit (
        case_number  text NOT NULL,
        bidder_id    text NOT NULL,
        amount       numeric(20,2) NOT NULL CHECK (amount > 0),
        reference    text NOT NULL CHECK (length(btrim(reference)) > 0),
        paid_on      date NOT NULL,
        recorded_on  date NOT NULL,
        recorded_by  text NOT NULL,
        PRIMARY KEY (case_number, bidder_id),
        FOREIGN KEY (case_number, bidder_id) REFERENCES disposal_bidder(case_number, bidder_id),
        CONSTRAINT disposal_deposit_paid_before_recorded CHECK (paid_on <= recorded_on)
      )`);
    await db.query(`ALTER TABLE disposal_bid ADD COLUMN bidder_id text`);
    await db.query(
      `ALTER TABLE disposal_bid ADD CONSTRAINT disposal_bid_bidder_deposit
         FOREIGN KEY (case_number, bidder_id) REFERENCES disposal_bidder_deposit(case_number, bidder_id)`,
    );
    await db.query(`
      CREATE TABLE disposal_write_off_approval (
        case_number  text PRIMARY KEY REFERENCES disposal(case_number),
        reason       text NOT NULL CHECK (length(btrim(reason)) > 0),
        proposed_by  text NOT NULL,
        proposed_on  date NOT NULL,
        approved_by  text,
        approved_on  date,
        CONSTRAINT disposal_write_off_four_eyes CHECK (approved_by IS NULL OR approved_by <> proposed_by),
        CHECK ((approved_by IS NULL) = (approved_on IS NULL)),
        CHECK (approved_on IS NULL OR approved_on >= proposed_on)
      )`);
    await db.query(`
      CREATE TABLE asset_transfer_request (
        transfer_id          text NOT NULL,
        asset_number         text NOT NULL REFERENCES ip_asset(number),
        case_number          text NOT NULL,
        from_owners          text[] NOT NULL,
        to_owner             text NOT NULL,
        requested_on         date NOT NULL,
        status               text NOT NULL CHECK (status IN ('PENDING','REGISTERED')),
        registration_number  text,
        registered_on        date,
        registered_by        text,
        PRIMARY KEY (transfer_id, asset_number),
        CHECK ((status = 'REGISTERED') =
               (registration_number IS NOT NULL AND registered_on IS NOT NULL AND registered_by IS NOT NULL)),
        CONSTRAINT asset_transfer_request_after_sale CHECK (registered_on IS NULL OR registered_on >= requested_on)
      )`);
    await db.query(
      `CREATE INDEX asset_transfer_request_case_idx ON asset_transfer_request (case_number)`,
    );
    await db.query(
      `CREATE INDEX asset_transfer_request_pending_idx ON asset_transfer_request (asset_number) WHERE status = 'PENDING'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE asset_transfer_request`);
    await db.query(`DROP TABLE disposal_write_off_approval`);
    await db.query(`ALTER TABLE disposal_bid DROP CONSTRAINT disposal_bid_bidder_deposit`);
    await db.query(`ALTER TABLE disposal_bid DROP COLUMN bidder_id`);
    await db.query(`DROP TABLE disposal_bidder_deposit`);
    await db.query(`DROP TABLE disposal_bidder`);
    await db.query(`DROP FUNCTION disposal_bidder_not_a_party()`);
    await db.query(`ALTER TABLE organisation DROP COLUMN uscc`);
  }
}
