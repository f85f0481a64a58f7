-- updated_at is stamped from the application's clock (src/db/clock-timestamps.ts), no longer by
-- Prisma's @updatedAt; the default only keeps hand-written inserts valid, like created_at's.
ALTER TABLE "contacts" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "messages" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "outbox_jobs" ALTER COLUMN "updated_at" SET DEFAULT CURRENT_TIMESTAMP;
