-- Records (issue #11): the daily digest of all chain heads, posted to Slack as an outside witness,
-- and the opt-out alarm's memory of when it last alerted (one alert per window, across instances).

-- One row per business day: the heads as they were when the digest was taken, and the Slack
-- message that witnesses them once posted. The day key makes "once a day" hold across instances.
CREATE TABLE "record_digests" (
  "day" TEXT PRIMARY KEY,
  "taken_at" TIMESTAMPTZ(3) NOT NULL,
  "digest" TEXT NOT NULL,
  "heads" JSONB NOT NULL,
  "channel" TEXT NOT NULL,
  "slack_ts" TEXT,
  "posted_at" TIMESTAMPTZ(3)
);

CREATE TABLE "opt_out_alerts" (
  "id" BIGSERIAL PRIMARY KEY,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "reason" TEXT NOT NULL,
  "detail" JSONB NOT NULL
);
CREATE INDEX "opt_out_alerts_at_idx" ON "opt_out_alerts"("at");

-- The alarm counts opt-outs in a window and customers texted today.
CREATE INDEX "consent_events_event_at_idx" ON "consent_events"("event", "at");
CREATE INDEX "messages_sent_at_idx" ON "messages"("sent_at") WHERE "direction" = 'outbound';
