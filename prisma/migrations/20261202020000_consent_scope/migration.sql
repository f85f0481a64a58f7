-- Issue #7, rules 10 and 11: what each grant covers, when the customer last wrote conversationally
-- (opens the quiet-hours reply window), and which sent texts were marketing (the FL/OK/MD 24-hour cap).

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN "consent_scope" TEXT;
ALTER TABLE "contacts" ADD COLUMN "last_conversational_at" TIMESTAMPTZ(3);
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_consent_scope_check"
    CHECK ("consent_scope" IS NULL OR "consent_scope" IN ('conversation', 'transactional', 'marketing'));

-- Existing grants: texting first is a conversation; YES and imports without a recorded disclosure are
-- transactional. Nobody is upgraded to marketing by a migration.
UPDATE "contacts" SET "consent_scope" = CASE "consent_basis"
        WHEN 'confirmed' THEN 'transactional'
        WHEN 'imported' THEN 'transactional'
        ELSE 'conversation' END
    WHERE "consent_state" = 'granted';

-- AlterTable
ALTER TABLE "consent_events" ADD COLUMN "scope" TEXT;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "marketing" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex: the cap counts a customer's marketing texts sent in the last 24 hours.
CREATE INDEX "messages_contact_id_sent_at_idx" ON "messages"("contact_id", "sent_at") WHERE "marketing";
