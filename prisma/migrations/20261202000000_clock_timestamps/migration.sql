-- updated_at is stamped from the application's clock (src/db/clock-timestamps.ts), no longer by
-- Prisma's @updatedAt; the default only keeps hand-written inserts valid, like created_at's.
ALTER TABLE "contacts" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "messages" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "outbox_jobs" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;

-- Texts stamped in the same millisecond (a clock that did not move, or two webhooks at once) keep
-- the order they were written in: created_at first, then seq.
ALTER TABLE "messages" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE UNIQUE INDEX "messages_seq_key" ON "messages"("seq");
