-- Outbox lanes: one row per ordering key with pending work, pointing at the key's head (its
-- oldest pending job). The dispatcher claims lanes, not jobs, through the (pool, run_at)
-- index, so a claim costs the same with 10 or 100,000 jobs pending. A lane's run_at is its
-- head's run_at, or the lease's end while the head runs. Keyless jobs get a lane of their own.
-- Triggers keep the lanes right whoever writes outbox_jobs (Prisma's enqueue, expediteTexts);
-- outbox_settle finishes a job and moves its lane on (docs/architecture.md, "The outbox").
CREATE TABLE "outbox_lanes" (
    "lane" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "head_id" BIGINT NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_lanes_pkey" PRIMARY KEY ("lane")
);
CREATE INDEX "outbox_lanes_pool_run_at_idx" ON "outbox_lanes"("pool", "run_at");
CREATE INDEX "outbox_jobs_pending_key_idx" ON "outbox_jobs"("ordering_key", "id") WHERE "status" = 'pending';
-- /healthz counts only these, never the whole table.
CREATE INDEX "outbox_jobs_dead_idx" ON "outbox_jobs"("id") WHERE "status" = 'dead';
CREATE INDEX "outbox_jobs_retrying_idx" ON "outbox_jobs"("id") WHERE "status" = 'pending' AND "attempts" >= 2;

-- Slack and Telnyx calls run with separate concurrency; everything else shares a third pool.
CREATE FUNCTION outbox_pool(kind TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE split_part(kind, '.', 1) WHEN 'slack' THEN 'slack' WHEN 'sms' THEN 'sms' ELSE 'other' END
$$;

CREATE FUNCTION outbox_lane(ordering_key TEXT, id BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(ordering_key, '#' || id::text)
$$;

-- A new pending job opens its lane, or joins it behind the head. DO UPDATE (not DO NOTHING)
-- takes the lane's row lock, so a concurrent outbox_settle that is about to close the lane
-- either sees this job or is seen by it; no job is ever left without a lane.
CREATE FUNCTION outbox_jobs_join_lane() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox_lanes (lane, pool, head_id, run_at)
  VALUES (outbox_lane(NEW.ordering_key, NEW.id), outbox_pool(NEW.kind), NEW.id, NEW.run_at)
  ON CONFLICT (lane) DO UPDATE SET head_id = outbox_lanes.head_id;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_jobs_join_lane AFTER INSERT ON outbox_jobs
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION outbox_jobs_join_lane();

-- A head moved in time while not running (retry, postpone, expediteTexts): its lane follows.
CREATE FUNCTION outbox_jobs_move_lane() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE outbox_lanes SET run_at = NEW.run_at
  WHERE lane = outbox_lane(NEW.ordering_key, NEW.id) AND head_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_jobs_move_lane AFTER UPDATE OF run_at ON outbox_jobs
  FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.locked_until IS NULL AND OLD.run_at IS DISTINCT FROM NEW.run_at)
  EXECUTE FUNCTION outbox_jobs_move_lane();

-- Finishes a claimed job and moves its lane on, locking the lane first (the order the claim
-- uses, so the two never deadlock). outcome: done (row deleted), dead (kept for people),
-- retry or postpone (back at run_at; postpone does not count as a try), release (lease given
-- back at shutdown; not a try either).
CREATE FUNCTION outbox_settle(p_id BIGINT, p_outcome TEXT, p_run_at TIMESTAMPTZ, p_error TEXT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE nxt RECORD; p_lane TEXT;
BEGIN
  -- A job's key never changes, so reading it unlocked is safe.
  SELECT outbox_lane(ordering_key, id) INTO p_lane FROM outbox_jobs WHERE id = p_id;
  IF NOT FOUND THEN RETURN FALSE; END IF;
  PERFORM 1 FROM outbox_lanes WHERE lane = p_lane FOR UPDATE;
  IF p_outcome IN ('retry', 'postpone', 'release') THEN
    UPDATE outbox_jobs SET run_at = p_run_at, locked_until = NULL, updated_at = now(),
      last_error = CASE WHEN p_outcome = 'release' THEN last_error ELSE p_error END,
      attempts = attempts - CASE WHEN p_outcome = 'retry' THEN 0 ELSE 1 END
    WHERE id = p_id AND status = 'pending';
    IF NOT FOUND THEN RETURN FALSE; END IF;
    UPDATE outbox_lanes SET run_at = p_run_at WHERE lane = p_lane AND head_id = p_id;
    RETURN TRUE;
  END IF;
  IF p_outcome = 'done' THEN
    DELETE FROM outbox_jobs WHERE id = p_id AND status = 'pending';
  ELSE
    UPDATE outbox_jobs SET status = 'dead', locked_until = NULL, last_error = p_error, updated_at = now()
    WHERE id = p_id AND status = 'pending';
  END IF;
  IF NOT FOUND THEN RETURN FALSE; END IF;
  SELECT id, kind, run_at INTO nxt FROM outbox_jobs
  WHERE ordering_key = p_lane AND status = 'pending' ORDER BY id LIMIT 1;
  IF FOUND THEN
    INSERT INTO outbox_lanes (lane, pool, head_id, run_at) VALUES (p_lane, outbox_pool(nxt.kind), nxt.id, nxt.run_at)
    ON CONFLICT (lane) DO UPDATE SET head_id = EXCLUDED.head_id, pool = EXCLUDED.pool, run_at = EXCLUDED.run_at;
  ELSE
    DELETE FROM outbox_lanes WHERE lane = p_lane AND head_id = p_id;
  END IF;
  RETURN TRUE;
END $$;

-- Lanes for the work already pending; finished jobs are history nobody reads: they go.
INSERT INTO outbox_lanes (lane, pool, head_id, run_at)
SELECT DISTINCT ON (outbox_lane(ordering_key, id)) outbox_lane(ordering_key, id), outbox_pool(kind), id,
       greatest(run_at, coalesce(locked_until, run_at))
FROM outbox_jobs WHERE status = 'pending'
ORDER BY outbox_lane(ordering_key, id), id;
DELETE FROM outbox_jobs WHERE status = 'done';
