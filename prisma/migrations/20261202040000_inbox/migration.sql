-- Transactional inbox: a signed, validated webhook is written here once and acknowledged;
-- the inbox processor applies it through the services afterwards (docs/architecture.md).
CREATE TABLE "inbox_events" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    -- Events of one key (a customer's number) are applied in arrival order.
    "ordering_key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "inbox_events_source_event_id_key" ON "inbox_events"("source", "event_id");
CREATE INDEX "inbox_events_pending_idx" ON "inbox_events"("id") WHERE "status" = 'pending';
CREATE INDEX "inbox_events_key_pending_idx" ON "inbox_events"("ordering_key", "id") WHERE "status" = 'pending';
