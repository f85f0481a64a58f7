import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { DatabaseTarget } from "../../src/db/database.ts";
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
import { CHANNEL, OUR_NUMBER, SIGNING_SECRET, STAFF, silentLog, testEnv } from "./test-env.ts";

export { CHANNEL, OUR_NUMBER, SIGNING_SECRET, STAFF, silentLog, testEnv };

/** A clock tests move by hand; starts at noon in New York on a weekday. */
export class TestClock {
  #t: number;
  constructor(iso = "2026-12-01T17:00:00Z") {
    this.#t = Date.parse(iso);
  }
  now = () => new Date(this.#t);
  set(iso: string) {
    this.#t = Date.parse(iso);
  }
  advance(ms: number) {
    this.#t += ms;
  }
}

// A Slack without limits, for tests that run with the fake's posting limit off.
const UNLIMITED = { perSecond: 1_000, burst: 1_000_000 };
const UNLIMITED_SLACK = { post: UNLIMITED, update: UNLIMITED, reaction: UNLIMITED, ephemeral: UNLIMITED };

let image: Promise<Blob> | undefined;
/** A fresh, migrated in-memory database cloned from the image global setup made. */
export async function freshDatabase(): Promise<DatabaseTarget> {
  image ??= readFile(inject("pgliteImage")).then((b) => new Blob([b]));
  return { kind: "pglite", loadDataDir: await image };
}

export interface HarnessOptions {
  env?: Record<string, string>;
  settings?: Partial<Settings>;
  database?: DatabaseTarget;
  build?: Partial<BuildOptions>;
  /** Slack's per-channel posting limit in the fake; off by default so tests that post a lot stay simple. */
  slackPostLimit?: boolean | PostLimit;
}

/** The whole app on the real HTTP entry points, with the real SDK clients talking to the fakes. */
export class Harness {
  readonly keys = telnyxKeyPair();
  clock = new TestClock();
  /** Whether the fake enforces Slack's posting limit; when it does not, neither does textdesk's governor. */
  slackLimited = false;
  td!: Textdesk;
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
        now: () => clockRef.h!.clock.now().getTime(),
        postLimit: o.slackPostLimit === true ? SLACK_POST_LIMIT : (o.slackPostLimit ?? false),
      }),
      await startFakeTelnyx({ apiKey: "KEYTEST" }),
    );
    clockRef.h = h;
    h.slackLimited = !!o.slackPostLimit;
    await h.boot(o);
    return h;
  }

  /** Builds the app (again) on `database`; a second boot on the same database is a restart. */
  async boot(o: HarnessOptions = {}): Promise<Textdesk> {
    const loaded = loadConfig(testEnv(this.slack, this.telnyx, this.keys.publicKeyBase64, o.env));
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    this.td = await buildTextdesk(loaded.config, {
      database: o.database ?? (await freshDatabase()),
      clock: this.clock,
      log: silentLog,
      random: () => 0.5,
      slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
      settings: o.settings,
      telnyxTimeoutMs: 1_000,
      ...(this.slackLimited ? {} : { slackPace: UNLIMITED_SLACK }),
      ...o.build,
    });
    return this.td;
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

  /**
   * What a thread shows, one entry per text or line: the customer texts carried in the parent
   * card, then the replies, a batched reply of several customer texts split back into its texts.
   */
  threadPosts(threadTs: string) {
    const parent = this.slack.messages.get(`${CHANNEL}:${threadTs}`);
    const carried = ((parent?.blocks ?? []) as Array<{ type: string; text?: { text: string } }>)
      .slice(4) // the card's three blocks and the divider
      .filter((b) => b.type === "section")
      .map((b) => b.text!.text);
    const replies = this.slack
      .callsTo("chat.postMessage")
      .filter((c) => !c.failed && c.params.thread_ts === threadTs)
      .flatMap((c) => splitBatch(c.params.text as string));
    return [...carried, ...replies];
  }

  async close() {
    await this.td.close();
    await Promise.all([this.slack.close(), this.telnyx.close()]);
  }
}

/** A reply carrying several customer texts has one `<!date^…>  words` line per text. */
export function splitBatch(text: string): string[] {
  if (!text.startsWith("<!date^")) return [text];
  return text.split(/\n(?=<!date\^)/).map((line) => line.replace(/^<!date\^[^>]*>  /, ""));
}
