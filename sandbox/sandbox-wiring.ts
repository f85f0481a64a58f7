import type { Config } from "../src/config.ts";
import type { Logger } from "../src/logger.ts";
import type { Changes } from "./changes.ts";
import { startFakeSlack, type FakeSlack } from "./fakes/fake-slack.ts";
import { startFakeTelnyx, type FakeTelnyx, type telnyxKeyPair } from "./fakes/fake-telnyx.ts";
import type { PageSource } from "./page/page.ts";
import { PhoneSide } from "./phone-side.ts";
import type { SandboxClock } from "./sandbox-clock.ts";
import {
  DEFAULT_CUSTOMERS,
  SANDBOX_API_KEY,
  SANDBOX_CHANNEL,
  SANDBOX_CHANNEL_NAME,
  SANDBOX_NUMBER,
  STAFF,
} from "./sandbox-config.ts";
import { SlackSide } from "./slack-side.ts";
import { loadSlashCommands } from "./slash-commands.ts";

/** The two sides the page plays; set once the server is up, read by the fakes' hooks. */
export interface Sides {
  slack?: SlackSide;
  phones?: PhoneSide;
}

/** The fakes, telling the sides about the app's calls as they are answered. */
export async function startSandboxFakes(sides: Sides, log: () => Logger | undefined) {
  const slack = await startFakeSlack({
    knownChannels: [SANDBOX_CHANNEL],
    postLimit: false,
    users: Object.fromEntries(STAFF.map((s) => [s.id, { realName: s.name }])),
    onCall: (call) => sides.slack?.receiveCall(call),
    onResponse: (r) => sides.slack?.receiveResponse(r),
  });
  const telnyx = await startFakeTelnyx({
    apiKey: SANDBOX_API_KEY,
    onAccepted: (send) =>
      void sides.phones
        ?.deliver(send)
        .catch((err: Error) => log()?.warn("sandbox.delivery_failed", { error: err.message })),
  });
  return { slack, telnyx };
}

export interface WiringOptions {
  slack: FakeSlack;
  telnyx: FakeTelnyx;
  keys: ReturnType<typeof telnyxKeyPair>;
  signingSecret: string;
  clock: SandboxClock;
  changes: Changes;
  config: Config;
  dataDir: string;
  /** POSTs to the running server. */
  post: (path: string, body: string, headers: Record<string, string>) => Promise<Response>;
}

/** Creates the Slack side and the phones, and what the page reads to draw them. */
export async function wireSides(sides: Sides, o: WiringOptions): Promise<PageSource> {
  const common = { clock: o.clock, post: o.post, changed: o.changes.changed };
  const slackSide = new SlackSide({
    fake: o.slack,
    channel: SANDBOX_CHANNEL,
    signingSecret: o.signingSecret,
    ...common,
  });
  const phones = new PhoneSide({
    fake: o.telnyx,
    ourNumber: SANDBOX_NUMBER,
    keys: o.keys,
    numbers: DEFAULT_CUSTOMERS,
    ...common,
  });
  Object.assign(sides, { slack: slackSide, phones });
  let version = 0;
  o.changes.listen(() => void version++);
  return {
    fake: o.slack,
    side: slackSide,
    channel: SANDBOX_CHANNEL,
    staff: STAFF,
    timeZone: o.config.BUSINESS_TIMEZONE,
    phones,
    now: o.clock.now,
    channelName: SANDBOX_CHANNEL_NAME,
    businessName: o.config.BUSINESS_NAME ?? "",
    ourNumber: SANDBOX_NUMBER,
    commands: await loadSlashCommands(),
    dataDir: o.dataDir,
    version: () => version,
  };
}
