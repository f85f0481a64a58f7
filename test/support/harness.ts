import { loadConfig } from "../../src/config.ts";
import type { Database, DatabaseTarget } from "../../src/db/database.ts";
import { buildTextdesk, type BuildOptions, type Textdesk } from "../../src/textdesk.ts";
import type { Settings } from "../../src/services/context.ts";
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  SLACK_POST_LIMIT,
  blockAction,
  messageEvent,
  signSlackBody,
  slashCommand,
  startFakeSlack,
  type FakeSlack,
  type PostLimit,
  type SlackBody,
} from "../../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  signTelnyxWebhook,
  startFakeTelnyx,
  telnyxKeyPair,
  type FakeTelnyx,
} from "../../sandbox/fakes/fake-telnyx.ts";
import { freshDatabase, noDatabase, takeFileDatabase } from "./file-database.ts";
import { TestClock } from "./test-clock.ts";
import { CHANNEL, MANAGER, OUR_NUMBER, SIGNING_SECRET, STAFF, silentLog, testEnv } from "./test-env.ts";

export { CHANNEL, MANAGER, OUR_NUMBER, SIGNING_SECRET, STAFF, TestClock, freshDatabase, silentLog, testEnv };

// A Slack without limits, for tests that run with the fake's posting limit off.
const UNLIMITED = { perSecond: 1_000, burst: 1_000_000 };
const UNLIMITED_SLACK = { post: UNLIMITED, update: UNLIMITED, reaction: UNLIMITED, ephemeral: UNLIMITED };

export interface HarnessOptions {
  env?: Record<string, string>;
  settings?: Partial<Settings>;
  /**
   * Default: this test file's shared database, emptied (see file-database.ts). `"none"`: an app
   * whose every query fails, for requests that must be rejected before reaching the database.
   */
  database?: DatabaseTarget | "none";
  build?: Partial<BuildOptions>;
  /** Slack's per-channel posting limit in the fake; off by default so tests that post a lot stay simple. */
  slackPostLimit?: boolean | PostLimit;
  /**
   * The fake carrier applies its own keyword rules to customers' texts (STOP & co. block the number until
   * START/UNSTOP, as Telnyx does). Off by default: most tests study textdesk's consent rules on their own.
   */
  carrierKeywords?: boolean;
}

/** The whole app on the real HTTP entry points, with the real SDK clients talking to the fakes. */
export class Harness {
  readonly keys = telnyxKeyPair();
  clock = new TestClock();
  /** Whether the fake enforces Slack's posting limit; when it does not, neither does textdesk's governor. */
  slackLimited = false;
  td!: Textdesk;
  carrierKeywords = false;
  /** The database the last boot used; a boot without `database` restarts on it. */
  private target?: DatabaseTarget | Database;
  private releaseFileDatabase?: () => void;
  private constructor(
    readonly slack: FakeSlack,
    readonly telnyx: FakeTelnyx,
  ) {}

  static async start(o: HarnessOptions = {}): Promise<Harness> {
    // The fake reads the harness's clock late, so a test that swaps `h.clock` moves the fake's limit too.
    const clockRef: { h?: Harness } = {};
    const h = new Harness(
      await startFakeSlack({
        knownChannels: [CHANNEL],
        users: { [STAFF]: { realName: "Emily Carter" } },
        token: "xoxb-test-token",
        now: () => clockRef.h!.clock.now().getTime(),
        postLimit: o.slackPostLimit === true ? SLACK_POST_LIMIT : (o.slackPostLimit ?? false),
      }),
      await startFakeTelnyx({ apiKey: "KEYTEST" }),
    );
    clockRef.h = h;
    h.slackLimited = !!o.slackPostLimit;
    h.carrierKeywords = o.carrierKeywords ?? false;
    await h.boot(o);
    return h;
  }

  /** Builds the app (again) on `database`; a boot without one restarts on the last one used. */
  async boot(o: HarnessOptions = {}): Promise<Textdesk> {
    const loaded = loadConfig(testEnv(this.slack, this.telnyx, this.keys.publicKeyBase64, o.env));
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    this.target = await this.databaseFor(o.database);
    this.td = await buildTextdesk(loaded.config, {
      database: this.target,
      clock: this.clock,
      log: silentLog,
      random: () => 0.5,
      slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
      settings: o.settings,
      telnyxTimeoutMs: 1_000,
      ...(this.slackLimited ? {} : { slackPace: UNLIMITED_SLACK }),
      // A cold first call on a busy 2-core machine can take seconds; a timeout would park the
      // job on the TestClock's backoff and the test would see no post. The fake never hangs unasked.
      slackTimeoutMs: 120_000,
      ...o.build,
    });
    return this.td;
  }

  private async databaseFor(wanted: HarnessOptions["database"]): Promise<DatabaseTarget | Database> {
    if (wanted === "none") return noDatabase();
    if (wanted) return wanted;
    if (this.target) return this.target;
    const file = await takeFileDatabase();
    if (!file) return freshDatabase(); // another harness of this file still holds the shared one
    this.releaseFileDatabase = file.release;
    return file.target;
  }

  get db() {
    return this.td.db.prisma;
  }

  /** POSTs a signed Telnyx webhook (pass `headers` to override signing) and applies what it stored. */
  async telnyxWebhook(body: string, headers?: Record<string, string>) {
    const res = await this.telnyxWebhookOnly(body, headers);
    // The server applies stored events right after answering; tests see the same state. A
    // refused webhook stored nothing, so there is nothing to apply (and no database to touch).
    if (res.ok) await this.td.inbox.drain();
    return res;
  }

  /** POSTs a signed Telnyx webhook and stops there: the event waits in the inbox. */
  telnyxWebhookOnly(body: string, headers?: Record<string, string>) {
    return this.td.app.request("/webhooks/telnyx", {
      method: "POST",
      body,
      headers: headers ?? signTelnyxWebhook(this.keys.privateKey, body),
    });
  }

  /** A customer texts our number (through the carrier's keyword rules when `carrierKeywords` is on). */
  async customerTexts(from: string, text: string, extra: Partial<Parameters<typeof inboundMessageEvent>[0]> = {}) {
    const to = extra.to ?? OUR_NUMBER;
    // Sent "now" on the test clock unless a test says otherwise (late delivery: occurredAt in the past).
    const sent = { occurredAt: this.clock.now().toISOString(), ...extra };
    const body = this.carrierKeywords
      ? this.telnyx.customerTexts(from, to, text, sent)
      : inboundMessageEvent({ from, to, text, ...sent });
    const res = await this.telnyxWebhook(body);
    return { res, body };
  }

  /** A customer texts, the outbox runs, and their thread's ts comes back. */
  async customerThread(phone: string, text: string): Promise<string> {
    await this.customerTexts(phone, text);
    await this.drain();
    return this.threadOf(phone);
  }

  /** POSTs a signed Slack request to /slack/events. */
  slackRequest(built: SlackBody, opts: { timestamp?: number; headers?: Record<string, string> } = {}) {
    this.#recordPersonMessage(built);
    const signed = signSlackBody(SIGNING_SECRET, built, opts.timestamp);
    return this.td.app.request("/slack/events", {
      method: "POST",
      body: signed.body,
      headers: { ...signed.headers, ...opts.headers },
    });
  }

  /** Slack knows every message a person posts; the fake learns it here so reactions on it work as on Slack. */
  #recordPersonMessage(built: SlackBody) {
    if (!built.body.startsWith("{")) return;
    const e = (JSON.parse(built.body) as { event?: Record<string, unknown> }).event;
    if (e?.type !== "message" || typeof e.ts !== "string" || typeof e.user !== "string") return;
    if (e.subtype && e.subtype !== "thread_broadcast" && e.subtype !== "file_share") return;
    const thread_ts = typeof e.thread_ts === "string" ? e.thread_ts : undefined;
    this.slack.recordUserMessage({
      channel: String(e.channel),
      ts: e.ts,
      user: e.user,
      text: String(e.text),
      thread_ts,
    });
  }

  /** A staff member replies in a customer's thread. */
  staffReplies(threadTs: string, text: string, o: { user?: string; ts?: string; eventId?: string } = {}) {
    return this.slackRequest(
      messageEvent({ channel: CHANNEL, user: o.user ?? STAFF, text, threadTs, ts: o.ts, eventId: o.eventId }),
    );
  }

  slash(text: string, user = STAFF) {
    return this.slackRequest(
      slashCommand({ command: "/text", text, userId: user, channelId: CHANNEL, responseUrl: this.slack.responseUrl() }),
    );
  }

  /** A button click; `ephemeral` for buttons on an ephemeral message (Slack then sends no `message`). */
  click(actionId: string, value: string, user = STAFF, o: { ephemeral?: boolean } = {}) {
    return this.slackRequest(
      blockAction({
        userId: user,
        channelId: CHANNEL,
        actionId,
        value,
        responseUrl: this.slack.responseUrl(),
        ephemeral: o.ephemeral,
      }),
    );
  }

  /** `/textdesk <text>` from `user`; resolves to Slack's ephemeral answer (the ack body). */
  async textdesk(text: string, user = STAFF): Promise<{ text: string; blocks?: any[] }> {
    const res = await this.slackRequest(
      slashCommand({
        command: "/textdesk",
        text,
        userId: user,
        channelId: CHANNEL,
        responseUrl: this.slack.responseUrl(),
      }),
    );
    return (await res.json()) as { text: string; blocks?: any[] };
  }

  /** Clicks a button and returns what the app posted back to that click's response_url. */
  async clickForResponse(actionId: string, value: string, user = STAFF): Promise<any[]> {
    const id = `R-${actionId}-${Math.floor(Math.random() * 1e9)}`;
    await this.slackRequest(
      blockAction({ userId: user, channelId: CHANNEL, actionId, value, responseUrl: this.slack.responseUrl(id) }),
    );
    return this.slack.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /** Opens a POST to the admin API with ADMIN_API_TOKEN `token` (or no Authorization when undefined). */
  adminApi(path: string, body: unknown, token?: string) {
    return this.td.app.request(path, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  }

  /** `/text <input>`, then the source button: opens a thread for a number that never texted. */
  async openThread(input: string, source = "in_person"): Promise<void> {
    const body = (await (await this.slash(input)).json()) as {
      blocks: Array<{ block_id?: string; elements: Array<{ action_id: string; value: string }> }>;
    };
    const button = body.blocks
      .find((b) => b.block_id === "open_conversation")!
      .elements.find((e) => e.action_id === `open_conversation:${source}`)!;
    await this.click(button.action_id, button.value, STAFF, { ephemeral: true });
    await this.drain();
  }

  /** Applies every stored webhook, then runs every due outbox job. */
  async drain() {
    await this.td.inbox.drain();
    return this.td.dispatcher.drain();
  }

  async threadOf(phone: string): Promise<string> {
    const c = await this.db.contact.findUniqueOrThrow({ where: { phone } });
    if (!c.threadTs) throw new Error(`no thread for ${phone}`);
    return c.threadTs;
  }

  /** Texts the fake Telnyx accepted, to one number. */
  textsTo(phone: string): string[] {
    return this.telnyx.sends.filter((s) => !s.failed && s.body.to === phone).map((s) => s.body.text as string);
  }

  /**
   * What a thread shows, one entry per text or line: the customer texts carried in the parent
   * card, then the replies, a batched reply of several customer texts split back into its texts.
   */
  threadPosts(threadTs: string) {
    const parent = this.slack.messages.get(`${CHANNEL}:${threadTs}`);
    const blocks = (parent?.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
    const carried = blocks
      .slice(blocks.findIndex((b) => b.type === "divider") + 1 || blocks.length) // the texts follow the card's divider
      .filter((b) => b.type === "section")
      .map((b) => b.text!.text);
    const replies = this.slack
      .callsTo("chat.postMessage")
      .filter((c) => !c.failed && c.params.thread_ts === threadTs)
      .flatMap((c) => splitBatch(c.params.text as string));
    return [...carried, ...replies];
  }

  async close() {
    try {
      await this.td.close();
      await Promise.all([this.slack.close(), this.telnyx.close()]);
    } finally {
      this.releaseFileDatabase?.();
      this.releaseFileDatabase = undefined;
    }
  }
}

/** A reply carrying several customer texts has one `<!date^…>  words` line per text. */
export function splitBatch(text: string): string[] {
  if (!text.startsWith("<!date^")) return [text];
  return text.split(/\n(?=<!date\^)/).map((line) => line.replace(/^<!date\^[^>]*>  /, ""));
}
