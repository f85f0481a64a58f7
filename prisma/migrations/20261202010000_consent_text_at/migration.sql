-- Issue 7, rule 7: consent-changing texts take effect in the order the customer sent them.
-- The sent time (Telnyx occurred_at) of the last one applied; a late, older text is recorded but not applied.
ALTER TABLE "contacts" ADD COLUMN "consent_text_at" TIMESTAMPTZ(3);
