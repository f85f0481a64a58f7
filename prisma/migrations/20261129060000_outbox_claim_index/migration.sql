-- DropIndex
DROP INDEX "outbox_jobs_ordering_key_id_idx";

-- CreateIndex
CREATE INDEX "outbox_jobs_ordering_key_status_id_idx" ON "outbox_jobs"("ordering_key", "status", "id");

