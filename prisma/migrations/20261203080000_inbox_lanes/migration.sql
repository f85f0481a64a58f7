-- Issue #9: the inbox is consumed lane by lane on PostgreSQL. An event's lane is a hash of its
-- ordering key, written by the app (src/inbox/inbox-lanes.ts); events from before this migration
-- are all in lane 0, and the claim keeps a key's later events (in their own lanes) behind them.
ALTER TABLE "inbox_events" ADD COLUMN "lane" SMALLINT NOT NULL DEFAULT 0;

-- The claim of one lane and the probe for lanes with due events: pending rows only.
CREATE INDEX "inbox_events_lane_pending_idx" ON "inbox_events"("lane", "id") WHERE "status" = 'pending';
