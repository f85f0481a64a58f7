import { App, LogLevel } from "@slack/bolt";
import { ErrorCode, WebClient } from "@slack/web-api";
import type { Hono } from "hono";
import Telnyx from "telnyx";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { DEFAULT_CONSENT_TEMPLATE } from "./consent/consent-request.ts";
import { databaseTarget, openDatabase, type Database, type DatabaseTarget } from "./db/database.ts";
import { FileInboxJournal } from "./db/inbox-journal.ts";
import { SqlInboxStore, inboxHealth } from "./db/inbox-store.ts";
import { SqlOutboxStore, outboxHealth } from "./db/outbox-store.ts";
import { queueFigures } from "./db/queue-figures.ts";
import { createApp } from "./http/app.ts";
import { Metrics } from "./http/metrics.ts";
import { AppError } from "./errors.ts";
import { consentImportHandler } from "./http/consent-import-route.ts";
import { telnyxInboxBatchHandler, telnyxInboxHandler } from "./http/telnyx-inbox-handler.ts";
import { optOutHandler } from "./http/opt-out-route.ts";
import { recordsHandlers } from "./http/records-handlers.ts";
import { telnyxWebhookHandler } from "./http/telnyx-webhook-route.ts";
import { InboxProcessor } from "./inbox/inbox-processor.ts";
import { JournaledInboxStore } from "./inbox/journaled-inbox-store.ts";
import { createLogger, type Logger } from "./logger.ts";
import type { BackoffPolicy } from "./outbox/backoff.ts";
import type { BucketPolicy } from "./outbox/rate-bucket.ts";
import { OutboxDispatcher } from "./outbox/dispatcher.ts";
import { consentTimerHandlers } from "./services/consent-timers.ts";
import { escalationHandlers } from "./services/escalations.ts";
import { groupRefreshHandlers, scheduleGroupRefresh } from "./services/on-duty-group.ts";
import { SlackUserGroups } from "./slack/slack-user-groups.ts";
import type { ServiceContext, Settings } from "./services/context.ts";
import type { ServiceMetrics } from "./services/service-metrics.ts";
import { JOB } from "./services/jobs.ts";
import { slackJobHandlers } from "./services/slack-jobs.ts";
import { recordsJobHandlers } from "./services/records-slack.ts";
import { SlackRecordDelivery } from "./slack/slack-record-delivery.ts";
import { SLACK_TIERS, slackPace, type SlackTier } from "./services/slack-pace.ts";
import { SqlRateGovernor } from "./db/rate-buckets.ts";
import { slackHealth } from "./db/slack-health.ts";
import { onDeadSmsJob, smsJobHandlers } from "./services/sms-jobs.ts";
import { HonoReceiver } from "./slack/hono-receiver.ts";
import { registerListeners } from "./slack/listeners.ts";
import { SlackChatThreads } from "./slack/slack-chat-threads.ts";
import { TelnyxCarrier } from "./sms/telnyx-carrier.ts";
import { TelnyxSignatureVerifier } from "./sms/telnyx-signature.ts";
import { checkKeywordSettings } from "./sms/telnyx-keyword-settings.ts";
import { recordsVerifyHandler } from "./http/records-verify-route.ts";
import { parseAlarmCount } from "./records/opt-out-alarm.ts";
import { digestJobHandlers, scheduleDigest, takeDigest } from "./services/records-digest.ts";
import { optOutAlarmHandlers } from "./services/opt-out-watch.ts";
import { verifyRecords, type VerifyReport } from "./services/verify-records.ts";
import { SlackDigestWitness } from "./slack/slack-digest-witness.ts";
import { SlackOptOutAlerts } from "./slack/slack-opt-out-alerts.ts";
import { nodeHttpFetch } from "./slack/node-http-fetch.ts";

/**
 * Slack failures an operator can fix (bot removed from the channel, token revoked) must not
 * drop a customer's text from Slack: keep trying for about two days, at most every 15 minutes.
 */
const SLACK_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 15 * 60_000, maxAttempts: 200 };
/** Best-effort decoration (status reactions, ephemerals) gives up after a few tries. */
const DECORATION_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60_000, maxAttempts: 3 };
/** A stale card is only cosmetic; it gets a few more tries than a reaction. */
const CARD_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000, maxAttempts: 6 };

/**
 * Statuses that tell staff a text did not go (❌, ❔): often the only sign in Slack, so they get the
 * texts' patience. They were decoration too, and a 5-second Slack outage left a refused reply
 * showing nothing (found by the soak).
 */
const FAILURE_STATUSES: readonly unknown[] = ["failed", "unknown"];

function backoffFor(kind: string, payload: Record<string, unknown> = {}): BackoffPolicy | undefined {
  if (kind === JOB.slackStatus && FAILURE_STATUSES.includes(payload.status)) return SLACK_BACKOFF;
  if (kind === JOB.slackStatus || kind === JOB.slackEphemeral) return DECORATION_BACKOFF;
  if (kind === JOB.slackCard) return CARD_BACKOFF;
  return kind.startsWith("slack.") ? SLACK_BACKOFF : undefined;
}

export interface Textdesk {
  app: Hono;
  db: Database;
  dispatcher: OutboxDispatcher;
  /** Applies stored webhooks (the transactional inbox). */
  inbox: InboxProcessor;
  ctx: ServiceContext;
  log: Logger;
  metrics: Metrics;
  /** Issue #11: the integrity check, and the daily digest's timer (main.ts starts it) and a digest on demand. */
  records: { verify(): Promise<VerifyReport>; scheduleDigest(): Promise<void>; takeDigest(): Promise<boolean> };
  /** Marks the instance as shutting down: /readyz answers 503 from now on. */
  stopping(): void;
  /** Stops the inbox and the outbox and closes the database. */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Where the data lives, or a database the caller already opened (tests). */
  database?: DatabaseTarget | Database;
  clock?: Clock;
  log?: Logger;
  random?: () => number;
  /** Overrides of business settings (tests shorten windows, change the template). */
  settings?: Partial<Settings>;
  /** Slack's bot ids; given, Bolt skips its auth.test call. */
  slackBot?: { botId: string; botUserId: string };
  /** Seconds since epoch for signature windows; tests move it with their clock. */
  nowSeconds?: () => number;
  telnyxTimeoutMs?: number;
  /** Overrides of Slack's pace per method tier (tests against a fake without limits lift them). */
  slackPace?: Partial<Record<SlackTier, BucketPolicy>>;
  /** Slack Web API timeout (default 10 s); tests on a loaded machine give the local fake longer. */
  slackTimeoutMs?: number;
  /** Read the Telnyx profile's keyword auto-responses at start-up when TELNYX_MESSAGING_PROFILE_ID is set (default true). */
  checkKeywordSettings?: boolean;
  /** Ask Slack at start-up whether SLACK_CHANNEL_ID exists (default true). */
  verifySlackChannel?: boolean;
  /** How start-up waits between tries of a Slack call that failed for now (tests pass an instant one). */
  startupWait?: (ms: number) => Promise<void>;
}

/** Start-up's Slack calls are tried this often when Slack answers 429, 5xx or not at all. */
const STARTUP_TRIES = 6;

/** Wires config → database → vendor clients → services → HTTP app and outbox. */
export async function buildTextdesk(config: Config, o: BuildOptions = {}): Promise<Textdesk> {
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  const db =
    o.database && "prisma" in o.database
      ? o.database
      : await openDatabase(o.database ?? databaseTarget(config.DATABASE_URL, `${config.DATA_DIR}/pglite`), clock, log);
  let dispatcher: OutboxDispatcher | undefined;
  const settings: Settings = {
    channelId: config.SLACK_CHANNEL_ID ?? "",
    ownNumber: config.TELNYX_PHONE_NUMBER ?? "",
    // Only used when live, and live requires BUSINESS_NAME: the STOP and HELP replies must name it.
    businessName: config.BUSINESS_NAME ?? "",
    businessTimeZone: config.BUSINESS_TIMEZONE,
    businessContact: config.BUSINESS_CONTACT,
    notePrefix: config.NOTE_PREFIX,
    consentTemplate: config.CONSENT_TEMPLATE ?? DEFAULT_CONSENT_TEMPLATE,
    requestWindowMs: config.CONSENT_REMINDER_HOURS * 3_600_000,
    conversationalWindowMs: config.CONVERSATION_WINDOW_MINUTES * 60_000,
    conversationConsentDays: config.CONVERSATION_CONSENT_DAYS,
    quietHours: config.quietHours,
    managerIds: config.SLACK_MANAGER_IDS,
    onDutyIds: config.SLACK_ON_DUTY_IDS,
    business: config.business,
    awayReplyMs: config.AWAY_REPLY_HOURS * 3_600_000,
    escalateAfterMinutes: config.ESCALATE_AFTER_MINUTES,
    recordsRetentionYears: config.RECORDS_RETENTION_YEARS,
    onDutyGroup: config.SLACK_ON_DUTY_GROUP,
    routingSlackStatus: config.ROUTING_SLACK_STATUS,
    ...o.settings,
  };
  const metrics = new Metrics();
  const ctx: ServiceContext = {
    db: db.prisma,
    sql: db.sql,
    clock,
    log,
    settings,
    wake: () => dispatcher?.wake(),
    metrics: serviceMetrics(metrics),
  };

  const telnyx = new Telnyx({
    apiKey: config.TELNYX_API_KEY ?? "unset",
    publicKey: config.TELNYX_PUBLIC_KEY ?? null,
    baseURL: config.TELNYX_API_URL,
    maxRetries: 0,
    timeout: o.telnyxTimeoutMs ?? 15_000,
  });
  const slackClientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.slackTimeoutMs ?? 10_000,
    fetch: nodeHttpFetch as typeof fetch,
  };
  const web = new WebClient(config.SLACK_BOT_TOKEN, slackClientOptions);
  let botUserId = o.slackBot?.botUserId;
  const recordsChannel = config.RECORDS_DIGEST_CHANNEL ?? config.SLACK_CHANNEL_ID ?? "";
  const witness = new SlackDigestWitness(web, recordsChannel, () => botUserId);
  const alarm = parseAlarmCount(config.OPT_OUT_ALERT);
  const alarmSpec = {
    ...(alarm.ok ? alarm : { count: 5, windowMs: 3_600_000 }),
    percent: config.OPT_OUT_ALERT_PERCENT,
    minTexted: 20,
  };
  const chat = new SlackChatThreads(web, settings.businessTimeZone);
  const workspace = config.SLACK_WORKSPACE_CALLS_PER_SECOND;
  const raised = workspace ? { perSecond: workspace, burst: Math.max(5, Math.ceil(workspace)) } : undefined;
  const tiers: Record<SlackTier, BucketPolicy> = {
    ...SLACK_TIERS,
    ...(raised ? { update: raised, reaction: raised, ephemeral: raised } : {}),
    post: { perSecond: config.SLACK_POSTS_PER_SECOND, burst: config.SLACK_POST_BURST },
    ...o.slackPace,
  };
  const governor = new SqlRateGovernor(db.sql, clock, (tier) => tiers[tier as SlackTier] ?? tiers.post);
  const carrier = new TelnyxCarrier({
    client: telnyx,
    from: config.TELNYX_PHONE_NUMBER ?? "",
    messagingProfileId: config.TELNYX_MESSAGING_PROFILE_ID,
    timeoutMs: o.telnyxTimeoutMs,
  });

  // Half a configuration must not take texts in: a text acknowledged with nowhere to show it,
  // or a STOP answered without the business name, is worse than a 503 Telnyx retries.
  const live = config.missing.length === 0;
  let slackHandler;
  if (live && config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET) {
    const receiver = new HonoReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, log, nowSeconds: o.nowSeconds });
    const wait = o.startupWait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const bot = o.slackBot ?? (await slackForNow(() => slackBotIds(web), wait, log));
    botUserId = bot.botUserId;
    if (o.verifySlackChannel !== false && config.SLACK_CHANNEL_ID)
      await verifyChannel(web, config.SLACK_CHANNEL_ID, log);
    const bolt = new App({
      token: config.SLACK_BOT_TOKEN,
      receiver,
      ...bot,
      clientOptions: slackClientOptions,
      logLevel: LogLevel.ERROR,
      tokenVerificationEnabled: false,
    });
    registerListeners(bolt, ctx, { managerIds: config.SLACK_MANAGER_IDS });
    slackHandler = receiver.handle;
  }
  // PostgreSQL with INBOX_LANES=on: consumed lane by lane, by every instance at once (PGlite has
  // one connection, so one consumer whatever the setting).
  const inboxTable = new SqlInboxStore(db.sql, { byLane: db.kind === "postgres" && config.INBOX_LANES === "on" });
  // PGlite: webhooks are answered from a synced journal, never waiting for the one connection
  // (issue #9); PostgreSQL: straight into the table, which every instance shares.
  const journal =
    db.kind === "pglite" ? await FileInboxJournal.open(db.journalDir, { now: () => clock.now().getTime() }) : undefined;
  const inboxStore = journal
    ? new JournaledInboxStore(inboxTable, journal, (ev, error) =>
        log.error("inbox.journal_dead", { event: ev.eventId, error, file: db.journalDir }),
      )
    : inboxTable;
  const inbox = new InboxProcessor({
    store: inboxStore,
    handler: telnyxInboxHandler(ctx, config.TELNYX_PHONE_NUMBER ?? ""),
    batchHandler: telnyxInboxBatchHandler(ctx, config.TELNYX_PHONE_NUMBER ?? ""),
    clock,
    log,
    random: o.random,
  });
  if (live && config.TELNYX_MESSAGING_PROFILE_ID && o.checkKeywordSettings !== false) {
    await checkKeywordSettings(telnyx, config.TELNYX_MESSAGING_PROFILE_ID, settings.businessName, log);
  }
  const telnyxHandler =
    live && config.TELNYX_PHONE_NUMBER && config.TELNYX_PUBLIC_KEY
      ? telnyxWebhookHandler({
          verifier: new TelnyxSignatureVerifier(config.TELNYX_PUBLIC_KEY, o.nowSeconds),
          inbox: inboxStore,
          clock,
          ownNumber: config.TELNYX_PHONE_NUMBER,
          log,
          accepted: () => inbox.wake(),
        })
      : undefined;

  let stopping = false;
  const outboxStore = new SqlOutboxStore(db.sql);
  // PGlite is one process's own database: any lease in it was left by this server's last run.
  if (db.kind === "pglite") {
    const recovered = await outboxStore.recoverLeases();
    if (recovered) log.info("outbox.leases_recovered", { jobs: recovered });
  }
  dispatcher = new OutboxDispatcher({
    store: outboxStore,
    // PostgreSQL: a killed instance's claimed jobs (and their customers' later jobs) wait for its
    // leases to lapse, so they are short there and renewed every third while a job runs (issue #9).
    // PGlite takes its own stale leases back at start-up (above).
    leaseMs: db.kind === "postgres" ? POSTGRES_LEASE_MS : undefined,
    handlers: {
      ...slackJobHandlers(
        ctx,
        chat,
        slackPace(governor, clock, (tier) =>
          metrics.inc("textdesk_slack_rate_limited_total", "Slack 429 answers, by rate tier (Retry-After honoured).", {
            tier,
          }),
        ),
      ),
      ...smsJobHandlers(ctx, carrier, chat, {
        apply: (phone) => inbox.drain(5, phone),
        journaled: journal ? (phone) => journal.holds(phone) : undefined,
      }),
      ...consentTimerHandlers(ctx),
      ...escalationHandlers(ctx),
      ...digestJobHandlers(ctx, witness, recordsChannel),
      ...optOutAlarmHandlers(ctx, alarmSpec, new SlackOptOutAlerts(web, settings.channelId, settings.businessTimeZone)),
      ...recordsJobHandlers(ctx, new SlackRecordDelivery(web)),
      ...groupRefreshHandlers(ctx, new SlackUserGroups(web)),
    },
    onDead: onDeadSmsJob(ctx),
    backoffFor,
    onResult: (job, { result }) => {
      metrics.inc("textdesk_outbox_jobs_total", "Outbox job runs by kind and result (sms.send = texts).", {
        kind: job.kind,
        result,
      });
    },
    clock,
    log,
    random: o.random,
  });
  const slackReadable = !!config.SLACK_BOT_TOKEN && recordsChannel !== "";
  const records: Textdesk["records"] = {
    verify: () => verifyRecords(db.prisma, slackReadable ? witness : undefined),
    scheduleDigest: () => scheduleDigest(ctx),
    takeDigest: () => takeDigest(ctx, recordsChannel),
  };
  // SLACK_ON_DUTY_GROUP: one recurring job keeps its members in the database (issue #12).
  if (slackHandler && settings.onDutyGroup) await scheduleGroupRefresh(ctx, settings.onDutyGroup);
  const app = createApp({
    log,
    health: async () => {
      const [outbox, slack, inboxFigures] = await Promise.all([
        outboxHealth(db.prisma),
        slackHealth(db.prisma, clock.now()),
        inboxHealth(db.sql, clock.now(), journal),
      ]);
      return { ...outbox, ...slack, inbox: inboxFigures };
    },
    telnyx: telnyxHandler,
    slack: slackHandler,
    consentImport: config.ADMIN_API_TOKEN ? consentImportHandler({ ctx, token: config.ADMIN_API_TOKEN }) : undefined,
    optOuts: config.ADMIN_API_TOKEN ? optOutHandler({ ctx, token: config.ADMIN_API_TOKEN }) : undefined,
    recordsVerify: config.ADMIN_API_TOKEN
      ? recordsVerifyHandler({ token: config.ADMIN_API_TOKEN, verify: () => records.verify() })
      : undefined,
    records: config.ADMIN_API_TOKEN ? recordsHandlers({ ctx, token: config.ADMIN_API_TOKEN }) : undefined,
    missing: config.missing,
    metrics,
    ready: async () => !stopping && (await db.sql.query("SELECT 1")).length === 1,
    renderMetrics: async () => metrics.render(gauges(await queueFigures(db.sql, clock.now(), journal))),
  });
  return {
    app,
    db,
    dispatcher,
    inbox,
    ctx,
    log,
    metrics,
    records,
    stopping: () => void (stopping = true),
    close: async () => {
      await inbox.stop();
      await dispatcher!.stop();
      await journal?.close();
      await db.close();
    },
  };
}

/** Outbox lease on PostgreSQL: how long a dead instance's jobs wait before another takes them. */
const POSTGRES_LEASE_MS = 10_000;

/** The services' counters, as Prometheus counters. */
function serviceMetrics(metrics: Metrics): ServiceMetrics {
  return {
    consentDecision: (stage, labels) =>
      metrics.inc(
        "textdesk_consent_decisions_total",
        "Consent guard verdicts, by stage (written: when staff wrote it; send: right before the carrier), outcome and rule.",
        { stage, ...labels },
      ),
    send: (outcome) =>
      metrics.inc("textdesk_sms_sends_total", "Calls to the carrier, by outcome (sent, failed, unknown, retry).", {
        outcome,
      }),
  };
}

/** Queue depths as Prometheus gauges. */
function gauges(f: Awaited<ReturnType<typeof queueFigures>>) {
  return [
    {
      name: "textdesk_outbox_lanes",
      help: "Ordering keys with pending outbox work, by pool.",
      values: f.outbox.map((o) => [{ pool: o.pool }, o.lanes] as [Record<string, string>, number]),
    },
    {
      name: "textdesk_outbox_due_lanes",
      help: "Ordering keys whose next job is due now, by pool.",
      values: f.outbox.map((o) => [{ pool: o.pool }, o.due] as [Record<string, string>, number]),
    },
    {
      name: "textdesk_outbox_oldest_due_age_seconds",
      help: "Age of the oldest due job at the head of a lane, by pool.",
      values: f.outbox.map((o) => [{ pool: o.pool }, o.oldestDueAgeS] as [Record<string, string>, number]),
    },
    {
      name: "textdesk_inbox_events",
      help: "Stored webhooks not yet applied (pending) or given up on (dead).",
      values: [
        [{ status: "pending" }, f.inbox.pending],
        [{ status: "dead" }, f.inbox.dead],
      ] as Array<[Record<string, string>, number]>,
    },
    {
      name: "textdesk_inbox_oldest_age_seconds",
      help: "Age of the oldest pending stored webhook.",
      values: [[{}, f.inbox.oldestAgeS]] as Array<[Record<string, string>, number]>,
    },
  ];
}

/**
 * A Slack call at start-up, tried again while Slack answers 429 (after its Retry-After), 5xx or
 * not at all. A restart during a short Slack outage used to fail ("textdesk failed to start"), so
 * the instance that should take over a dead one's work stayed down (found by the soak).
 */
async function slackForNow<T>(call: () => Promise<T>, wait: (ms: number) => Promise<void>, log: Logger): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const e = err as { code?: string; retryAfter?: number; message?: string };
      const forNow =
        e.code === ErrorCode.RateLimitedError || e.code === ErrorCode.HTTPError || e.code === ErrorCode.RequestError;
      if (!forNow || attempt >= STARTUP_TRIES) throw err;
      const ms = e.code === ErrorCode.RateLimitedError ? (e.retryAfter ?? 1) * 1000 : 500 * 2 ** (attempt - 1);
      log.warn("slack.startup_retry", { attempt, waitMs: ms, error: e.message });
      await wait(ms);
    }
  }
}

/** Asks Slack who our bot is, once at start-up, so Bolt can ignore our own messages. */
async function slackBotIds(web: WebClient): Promise<{ botId: string; botUserId: string }> {
  const res = await web.auth.test();
  return { botId: String(res.bot_id ?? ""), botUserId: String(res.user_id ?? "") };
}

/** A wrong SLACK_CHANNEL_ID, or one the bot is not in, would lose every customer text into errors: refuse to start. */
async function verifyChannel(web: WebClient, channel: string, log: Logger): Promise<void> {
  let isMember: boolean | undefined;
  try {
    isMember = (await web.conversations.info({ channel })).channel?.is_member;
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === "channel_not_found") {
      throw new Error(
        `SLACK_CHANNEL_ID ${channel}: Slack says channel_not_found. Use the channel's id (not its #name) and invite the bot to it.`,
      );
    }
    log.warn("slack.channel_check_failed", { channel, error: code ?? (err as Error).message });
    return;
  }
  // Every post would fail not_in_channel and customers' texts would queue unseen: say how to fix it instead.
  if (isMember === false) {
    throw new Error(
      `SLACK_CHANNEL_ID ${channel}: the textdesk bot is not a member of this channel, so it cannot post customers' texts there. In Slack, open the channel and type "/invite @textdesk" (or add the app under the channel's Integrations tab), then start textdesk again.`,
    );
  }
}
