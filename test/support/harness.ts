import { loadConfig } from "../../src/config.ts";
import type { Database, DatabaseTarget } from "../../src/db/database.ts";
import { buildTextdesk, type BuildOptions, type Textdesk } from "../../src/textdesk.ts";
import type { Settings } from "../../src/services/context.ts";
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  blockAction,
  messageEvent,
  signSlackBody,
  slashCommand,
  startFakeSlack,
  type FakeSlack,
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
import { CHANNEL, OUR_NUMBER, SIGNING_SECRET, STAFF, silentLog, testEnv } from "./test-env.ts";

export { CHANNEL, OUR_NUMBER, SIGNING_SECRET, STAFF, TestClock, freshDatabase, silentLog, testEnv };

export interface HarnessOptions {
  env?: Record<string, string>;
  settings?: Partial<Settings>;
  /**
   * Default: this test file's shared database, emptied (see file-database.ts). `"none"`: an app
   * whose every query fails, for requests that must be rejected before reaching the database.
   */
  database?: DatabaseTarget | "none";
  build?: Partial<BuildOptions>;
}

/** The whole app on the real HTTP entry points, with the real SDK clients talking to the fakes. */
export class Harness {
  readonly keys = telnyxKeyPair();
  clock = new TestClock();
  td!: Textdesk;
  /** The database the last boot used; a boot without `database` restarts on it. */
  private target?: DatabaseTarget | Database;
  private releaseFileDatabase?: () => void;
  private constructor(
    readonly slack: FakeSlack,
    readonly telnyx: FakeTelnyx,
  ) {}

  static async start(o: HarnessOptions = {}): Promise<Harness> {
    const h = new Harness(
      await startFakeSlack({ knownChannels: [CHANNEL], users: { [STAFF]: { realName: "Emily Carter" } } }),
      await startFakeTelnyx({ apiKey: "KEYTEST" }),
    );
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

  /** POSTs a signed Telnyx webhook; pass `headers` to override signing. */
  telnyxWebhook(body: string, headers?: Record<string, string>) {
    return this.td.app.request("/webhooks/telnyx", {
      method: "POST",
      body,
      headers: headers ?? signTelnyxWebhook(this.keys.privateKey, body),
    });
  }

  /** A customer texts our number. */
  async customerTexts(from: string, text: string, extra: Partial<Parameters<typeof inboundMessageEvent>[0]> = {}) {
    const body = inboundMessageEvent({ from, to: OUR_NUMBER, text, ...extra });
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
    const signed = signSlackBody(SIGNING_SECRET, built, opts.timestamp);
    return this.td.app.request("/slack/events", {
      method: "POST",
      body: signed.body,
      headers: { ...signed.headers, ...opts.headers },
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

  click(actionId: string, value: string, user = STAFF) {
    return this.slackRequest(
      blockAction({ userId: user, channelId: CHANNEL, actionId, value, responseUrl: this.slack.responseUrl() }),
    );
  }

  /** `/text <input>`, then the source button: opens a thread for a number that never texted. */
  async openThread(input: string, source = "in_person"): Promise<void> {
    const body = (await (await this.slash(input)).json()) as {
      blocks: Array<{ block_id?: string; elements: Array<{ action_id: string; value: string }> }>;
    };
    const button = body.blocks
      .find((b) => b.block_id === "open_conversation")!
      .elements.find((e) => e.action_id === `open_conversation:${source}`)!;
    await this.click(button.action_id, button.value);
    await this.drain();
  }

  /** Runs every due outbox job. */
  drain() {
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

  /** Thread replies posted to Slack (not parent messages). */
  threadPosts(threadTs: string) {
    return this.slack
      .callsTo("chat.postMessage")
      .filter((c) => !c.failed && c.params.thread_ts === threadTs)
      .map((c) => c.params.text as string);
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
