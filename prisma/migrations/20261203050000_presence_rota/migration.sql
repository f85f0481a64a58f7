-- Who is there (issue #12). The weekly on-duty rota managers edit with `/textdesk rota`: each
-- shift is a set of weekly hours ("Mon-Fri 08:00-19:00", parsed by src/routing/weekly-hours.ts)
-- and the Slack users on duty during them. While any shift exists, the rota decides the on-duty
-- team; with none, SLACK_ON_DUTY_GROUP or SLACK_ON_DUTY_IDS do.
CREATE TABLE "rota_shifts" (
  "id" SERIAL PRIMARY KEY,
  "hours" TEXT NOT NULL,
  "member_ids" TEXT[] NOT NULL,
  "created_by" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The members of the SLACK_ON_DUTY_GROUP user group, cached so routing an inbound text never calls
-- Slack: refreshed by a recurring outbox job (usergroups.users.list) and by subteam_members_changed.
CREATE TABLE "slack_group_members" (
  "group_id" TEXT PRIMARY KEY,
  "member_ids" TEXT[] NOT NULL,
  "refreshed_at" TIMESTAMPTZ(3) NOT NULL
);
