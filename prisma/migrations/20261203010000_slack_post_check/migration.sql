-- A Slack post of this contact's texts (or its thread parent) had an uncertain outcome (timeout,
-- 5xx, reset connection): before posting again, look in Slack for the post by its metadata.
ALTER TABLE "contacts" ADD COLUMN "slack_unsure_since" TIMESTAMPTZ(3);
