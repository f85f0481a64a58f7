-- Routing (issue #12): every customer may have an owner (a Slack user id), and every staff member
-- has an availability row. Records (issue #11): one hash chain of entries per customer.

ALTER TABLE "contacts" ADD COLUMN "owner_id" TEXT;
ALTER TABLE "contacts" ADD COLUMN "owner_since" TIMESTAMPTZ(3);
-- `/textdesk reassign @from @to` and App Home list one staff member's customers.
CREATE INDEX "contacts_owner_id_idx" ON "contacts"("owner_id");

CREATE TABLE "staff" (
  "user_id" TEXT PRIMARY KEY,
  -- Set by `/textdesk away`; away_until NULL with away = true means "until I say back".
  "away" BOOLEAN NOT NULL DEFAULT false,
  "away_until" TIMESTAMPTZ(3),
  -- While this person is away, their customers go to the backup first.
  "backup_id" TEXT,
  "backup_until" TIMESTAMPTZ(3),
  -- Working hours as typed ("Mon-Fri 09:00-17:30"), parsed by src/routing/weekly-hours.ts.
  "hours" TEXT,
  -- The Slack status that says they are out, when ROUTING_SLACK_STATUS is on (cached from Slack).
  "status_text" TEXT,
  "status_until" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- One entry per event in a customer's history; each entry's hash covers the previous one's.
CREATE TABLE "record_entries" (
  "id" BIGSERIAL PRIMARY KEY,
  "phone" TEXT NOT NULL,
  "seq" INTEGER NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "type" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "data" JSONB NOT NULL,
  "prev_hash" TEXT NOT NULL,
  "hash" TEXT NOT NULL,
  CONSTRAINT "record_entries_phone_seq_key" UNIQUE ("phone", "seq")
);

-- The head of each chain; its row lock serialises appends to one customer's chain across instances.
CREATE TABLE "record_heads" (
  "phone" TEXT PRIMARY KEY,
  "seq" INTEGER NOT NULL,
  "hash" TEXT NOT NULL
);

CREATE FUNCTION "record_entries_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'record_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "record_entries_no_update_delete"
  BEFORE UPDATE OR DELETE ON "record_entries"
  FOR EACH ROW EXECUTE FUNCTION "record_entries_append_only"();

CREATE TRIGGER "record_entries_no_truncate"
  BEFORE TRUNCATE ON "record_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "record_entries_append_only"();

-- Message bodies of record entries, kept apart from the chained entry (which holds the body's
-- SHA-256): the retention purge removes old bodies without breaking any chain, and the verifier
-- still checks every body that is kept against its hash.
CREATE TABLE "record_bodies" (
  "entry_id" BIGINT PRIMARY KEY REFERENCES "record_entries"("id"),
  "body" TEXT NOT NULL
);
