// npx tsx bench/round-trips.ts — database round trips (statements sent to PGlite, BEGIN/COMMIT
// included) for one inbound text from a new number, one from a known number, and one staff reply,
// split into the webhook's answer, applying the event, and the outbox jobs it causes; and per text
// of a burst of eight later texts from eight numbers, which the inbox applies in one transaction.
import { PGlite } from "@electric-sql/pglite";
import { loadConfig } from "../src/config.ts";
import { buildTextdesk } from "../src/textdesk.ts";
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  messageEvent,
  signSlackBody,
  startFakeSlack,
} from "../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  signTelnyxWebhook,
  startFakeTelnyx,
  telnyxKeyPair,
} from "../sandbox/fakes/fake-telnyx.ts";
import { UNLIMITED_SLACK } from "./stack.ts";
import { CHANNEL, OUR_NUMBER, SIGNING_SECRET, STAFF, silentLog, testEnv } from "../test/support/test-env.ts";

/** Counts every statement the instance runs, inside transactions too. */
function counted(lite: PGlite) {
  const counter = { n: 0 };
  const show = process.env.ROUND_TRIPS_SQL === "1";
  const note = (sql: unknown) => {
    counter.n++;
    if (show)
      console.log(
        `  ${counter.n}: ${String(sql)
          .replace(/\s+/g, " ")
          .slice(0, Number(process.env.ROUND_TRIPS_WIDTH ?? 150))}`,
      );
  };
  const q = lite.query.bind(lite);
  const e = lite.exec.bind(lite);
  const t = lite.transaction.bind(lite);
  // Prepared statements (src/db/pglite-prepared.mjs) reach Postgres as protocol messages: a Parse
  // names a text once, each Bind runs it once, so a Bind is one statement.
  const p = lite.execProtocol.bind(lite);
  const texts = new Map<string, string>();
  const cString = (m: Uint8Array, at: number) => {
    const end = m.indexOf(0, at);
    return { text: new TextDecoder().decode(m.subarray(at, end)), next: end + 1 };
  };
  lite.execProtocol = ((m: Uint8Array, o?: Parameters<PGlite["execProtocol"]>[1]) => {
    if (m[0] === 0x50 /* P */) {
      const name = cString(m, 5);
      texts.set(name.text, cString(m, name.next).text);
    } else if (m[0] === 0x42 /* B */) note(texts.get(cString(m, cString(m, 5).next).text));
    return p(m, o);
  }) as PGlite["execProtocol"];
  lite.query = ((...a: Parameters<PGlite["query"]>) => (note(a[0]), q(...a))) as PGlite["query"];
  lite.exec = ((...a: Parameters<PGlite["exec"]>) => (note(a[0]), e(...a))) as PGlite["exec"];
  lite.transaction = ((fn: Parameters<PGlite["transaction"]>[0]) =>
    t(async (tx) => {
      counter.n += 2; // BEGIN, COMMIT
      const inner = tx.query.bind(tx);
      tx.query = ((...a: Parameters<typeof tx.query>) => (note(a[0]), inner(...a))) as typeof tx.query;
      return fn(tx);
    })) as PGlite["transaction"];
  return counter;
}

export async function countRoundTrips() {
  const slack = await startFakeSlack({ knownChannels: [CHANNEL], postLimit: false });
  const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
  const keys = telnyxKeyPair();
  const loaded = loadConfig(testEnv(slack, telnyx, keys.publicKeyBase64));
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  const lite = new PGlite();
  await lite.waitReady;
  const td = await buildTextdesk(loaded.config, {
    database: { kind: "pglite", instance: lite },
    log: silentLog,
    slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
    // The fake posts without a limit too: a burst's posts are counted, not postponed to a later phase.
    slackPace: UNLIMITED_SLACK,
  });
  const c = counted(lite);
  const phase = async (fn: () => Promise<unknown>) => {
    const before = c.n;
    await fn();
    return c.n - before;
  };
  const post = async (raw: string) =>
    td.app.request("/webhooks/telnyx", { method: "POST", body: raw, headers: signTelnyxWebhook(keys.privateKey, raw) });
  const text = async (from: string, body: string) => {
    const ack = await phase(() => post(inboundMessageEvent({ from, to: OUR_NUMBER, text: body })));
    const apply = await phase(() => td.inbox.drain());
    const outbox = await phase(() => td.dispatcher.drain());
    return { ack, apply, outbox, total: ack + apply + outbox };
  };
  // Warm-up: the first text of a process also compiles Prisma's queries.
  await text("+12025550101", "warm up");
  if (process.env.ROUND_TRIPS_SQL === "1") console.log("--- first text from a new number");
  const firstText = await text("+13125550142", "hello, is my car ready?");
  if (process.env.ROUND_TRIPS_SQL === "1") console.log("--- later text");
  const laterText = await text("+13125550142", "and the invoice?");
  // A burst: eight known numbers text at once; the inbox applies them as one batch (issue #9).
  const burstFrom = Array.from({ length: 8 }, (_, i) => `+1415555${String(100 + i).padStart(4, "0")}`);
  for (const from of burstFrom) await text(from, "first");
  if (process.env.ROUND_TRIPS_SQL === "1") console.log("--- eight later texts at once");
  const burstAck = await phase(async () => {
    for (const from of burstFrom) await post(inboundMessageEvent({ from, to: OUR_NUMBER, text: "burst" }));
  });
  const burstApply = await phase(() => td.inbox.drain());
  const burstOutbox = await phase(() => td.dispatcher.drain());
  const perText = (n: number) => Math.round((n / burstFrom.length) * 10) / 10;
  const laterTextInBurst = {
    ack: perText(burstAck),
    apply: perText(burstApply),
    outbox: perText(burstOutbox),
    total: perText(burstAck + burstApply + burstOutbox),
  };
  const contact = await td.db.prisma.contact.findUniqueOrThrow({ where: { phone: "+13125550142" } });
  const signed = signSlackBody(
    SIGNING_SECRET,
    messageEvent({ channel: CHANNEL, user: STAFF, text: "Yes, ready at 5", threadTs: contact.threadTs! }),
  );
  if (process.env.ROUND_TRIPS_SQL === "1") console.log("--- staff reply");
  const ack = await phase(async () =>
    td.app.request("/slack/events", { method: "POST", body: signed.body, headers: signed.headers }),
  );
  const outbox = await phase(() => td.dispatcher.drain());
  await td.close();
  await lite.close();
  await Promise.all([slack.close(), telnyx.close()]);
  return { firstText, laterText, laterTextInBurst, staffReply: { ack, outbox, total: ack + outbox } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await countRoundTrips();
  console.log("database round trips (statements, BEGIN/COMMIT included):");
  console.log(JSON.stringify(r, null, 2));
}
