-- Slack's pace, shared by every instance: one token bucket per (channel or workspace, method tier).
-- CreateTable
CREATE TABLE "rate_buckets" (
    "scope" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilled_at" TIMESTAMPTZ(3) NOT NULL,
    "paused_until" TIMESTAMPTZ(3),
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rate_buckets_pkey" PRIMARY KEY ("scope","tier")
);
