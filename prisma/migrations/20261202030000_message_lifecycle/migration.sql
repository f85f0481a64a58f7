-- Issue #7 rule 14: one message lifecycle (src/conversations/message-lifecycle.ts), enforced by the database too.

-- The carrier's error code gets its own column instead of living inside status_detail ("… (40300)").
ALTER TABLE "messages" ADD COLUMN "error_code" TEXT;
ALTER TABLE "delivery_reports" ADD COLUMN "error_code" TEXT;
UPDATE "messages" SET "error_code" = substring("status_detail" from '\((\d{5})\)\s*$') WHERE "status_detail" ~ '\(\d{5}\)\s*$';
UPDATE "delivery_reports" SET "error_code" = substring("detail" from '\((\d{5})\)\s*$') WHERE "detail" ~ '\(\d{5}\)\s*$';

-- A text that must not go after this moment (the one opt-out confirmation: 5 minutes).
ALTER TABLE "messages" ADD COLUMN "send_by" TIMESTAMPTZ(3);

ALTER TABLE "messages" ADD CONSTRAINT "messages_direction_check" CHECK ("direction" IN ('inbound', 'outbound'));
ALTER TABLE "messages" ADD CONSTRAINT "messages_kind_check" CHECK ("kind" IN (
  'customer', 'staff', 'consent_request', 'reminder', 'opt_out_confirmation', 'opt_in_confirmation', 'help'));
ALTER TABLE "messages" ADD CONSTRAINT "messages_status_check" CHECK ("status" IN (
  'received', 'queued', 'held', 'scheduled', 'awaiting_confirmation', 'sending', 'sent', 'unconfirmed',
  'delivered', 'failed', 'unknown', 'refused', 'cancelled', 'expired'));
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_consent_state_check" CHECK ("consent_state" IN (
  'none', 'requested', 'granted', 'opted_out'));
