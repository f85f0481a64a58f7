-- Issue #12, timers and auto-replies: the after-hours and away replies, and escalations.

-- One after-hours reply per customer per closed period: the opening that ends the period we replied in.
ALTER TABLE "contacts" ADD COLUMN "after_hours_reply_until" TIMESTAMPTZ(3);
-- One away reply per customer per AWAY_REPLY_HOURS: when the last one was planned.
ALTER TABLE "contacts" ADD COLUMN "away_reply_at" TIMESTAMPTZ(3);

-- Our automatic answers to a conversational text ("We're closed now…", "Emily is out today…").
ALTER TABLE "messages" DROP CONSTRAINT "messages_kind_check";
ALTER TABLE "messages" ADD CONSTRAINT "messages_kind_check" CHECK ("kind" IN (
  'customer', 'staff', 'consent_request', 'reminder', 'opt_out_confirmation', 'opt_in_confirmation', 'help',
  'auto_reply'));

-- One row per run of unanswered customer texts: pending until its timer fires (fired) or a staff
-- reply lands first (answered), or the thread is locked or paused (cancelled). The timer job moves
-- it out of 'pending' with a conditional UPDATE, so it fires once across restarts and instances.
CREATE TABLE "escalations" (
  "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "contact_id" UUID NOT NULL REFERENCES "contacts"("id"),
  -- The oldest unanswered customer text of the run.
  "message_id" UUID NOT NULL REFERENCES "messages"("id"),
  "status" TEXT NOT NULL DEFAULT 'pending',
  "due_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "fired_at" TIMESTAMPTZ(3),
  "settled_at" TIMESTAMPTZ(3),
  "answered_by" TEXT,
  CONSTRAINT "escalations_status_check" CHECK ("status" IN ('pending', 'fired', 'answered', 'cancelled'))
);
-- At most one open run (pending or fired, not yet answered) per customer.
CREATE UNIQUE INDEX "escalations_one_open_per_contact" ON "escalations"("contact_id")
  WHERE "status" IN ('pending', 'fired');
