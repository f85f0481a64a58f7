import {
  appHomeOpenedEvent,
  blockAction,
  homeBlockAction,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  nextSlackTs,
  signSlackBody,
  slashCommand,
  type FakeSlack,
  type SlackBody,
  type SlackCall,
} from "./fakes/fake-slack.ts";
import type { SandboxClock } from "./sandbox-clock.ts";

// The Slack workspace as its users see it: what they typed (Slack keeps that, not the app),
// and the ephemeral messages only one of them sees. Everything the app posted comes from the
// fake Slack's recorded Web API traffic; this file only plays Slack's part towards the app.

/** The `user` of an answer posted with response_type in_channel: everyone sees it. */
export const EVERYONE = "*";

/** A message a staff member typed. */
export interface HumanMessage {
  ts: string;
  user: string;
  text: string;
  threadTs?: string;
  at: Date;
}

/** A message only `user` sees: a command's answer, a response_url reply, or chat.postEphemeral. */
export interface Ephemeral {
  id: string;
  user: string;
  threadTs?: string;
  text?: string;
  blocks?: unknown;
  at: Date;
}

/** Which button was pressed: on an app message (by ts) or an ephemeral (by id), block and element index. */
export interface ButtonRef {
  kind: "message" | "ephemeral";
  id: string;
  block: number;
  element: number;
}

interface ResponseTarget {
  user: string;
  threadTs?: string;
  ephemeralId?: string;
}

export interface SlackSideOptions {
  fake: FakeSlack;
  channel: string;
  signingSecret: string;
  clock: SandboxClock;
  /** POSTs to the running textdesk server (its /slack/events). */
  post: (path: string, body: string, headers: Record<string, string>) => Promise<Response>;
  changed: () => void;
}

/** Plays Slack towards the app: signed events, commands and button clicks, and what comes back. */
export class SlackSide {
  readonly humans: HumanMessage[] = [];
  readonly ephemerals: Ephemeral[] = [];
  /** When each app message was first seen, in sandbox time (the fake's ts are counters). */
  readonly seenAt = new Map<string, Date>();
  #targets = new Map<string, ResponseTarget>();
  #triggers = new Map<string, string>();
  #responses = 0;

  constructor(private readonly o: SlackSideOptions) {}

  /** A staff member writes in the channel or in a thread; Slack then sends the app a message event. */
  async say(user: string, text: string, threadTs?: string): Promise<void> {
    const ts = nextSlackTs();
    this.humans.push({ ts, user, text, threadTs, at: this.o.clock.now() });
    // Slack keeps a person's message (the app may react to it); the fake must know it too.
    this.o.fake.recordUserMessage({ channel: this.o.channel, ts, user, text, thread_ts: threadTs });
    this.o.changed();
    const res = await this.#send(messageEvent({ channel: this.o.channel, user, text, threadTs, ts }));
    if (!res.ok) this.#note(user, threadTs, `textdesk answered the message event with HTTP ${res.status}.`);
  }

  /** A staff member edits their own message; Slack sends message_changed. */
  async edit(user: string, ts: string, text: string): Promise<void> {
    const m = this.#own(user, ts);
    const previousText = m.text;
    m.text = text;
    this.o.fake.recordUserMessage({ channel: this.o.channel, ts, user, text, thread_ts: m.threadTs });
    this.o.changed();
    const res = await this.#send(
      messageChangedEvent({ channel: this.o.channel, messageTs: ts, user, text, previousText, threadTs: m.threadTs }),
    );
    if (!res.ok) this.#note(user, m.threadTs, `textdesk answered the edit with HTTP ${res.status}.`);
  }

  /** A staff member deletes their own message; Slack sends message_deleted. */
  async delete(user: string, ts: string): Promise<void> {
    const m = this.#own(user, ts);
    this.humans.splice(this.humans.indexOf(m), 1);
    this.o.fake.messages.delete(`${this.o.channel}:${ts}`);
    this.o.changed();
    const res = await this.#send(
      messageDeletedEvent({ channel: this.o.channel, deletedTs: ts, user, previousText: m.text, threadTs: m.threadTs }),
    );
    if (!res.ok) this.#note(user, m.threadTs, `textdesk answered the deletion with HTTP ${res.status}.`);
  }

  /** A slash command; its immediate answer is shown to the user who ran it. */
  async command(user: string, command: string, text: string): Promise<void> {
    const responseUrl = this.#responseUrl({ user });
    const triggerId = this.#trigger(user);
    const res = await this.#send(
      slashCommand({ command, text, userId: user, channelId: this.o.channel, responseUrl, triggerId }),
    );
    await this.#showAnswer(res, { user }, `${command} failed`);
  }

  /** A staff member opens the app's Home tab; Slack sends app_home_opened, with the view published before. */
  async openHome(user: string): Promise<void> {
    const view = this.o.fake.homeViews.get(user);
    const res = await this.#send(appHomeOpenedEvent({ userId: user, tab: "home", view }));
    if (!res.ok) this.#note(user, undefined, `textdesk answered app_home_opened with HTTP ${res.status}.`);
    this.o.changed();
  }

  /** A button on the Home tab `viewId` published to `user`; Slack sends block_actions with the whole view. */
  async clickHome(user: string, viewId: string, block: number, index: number): Promise<void> {
    const view = this.o.fake.homeViews.get(user);
    // A click on a view that was replaced meanwhile would act on what the person no longer sees.
    if (!view || view.id !== viewId)
      throw new Error("The Home tab changed meanwhile; look again and press the button.");
    const b = view.blocks?.[block];
    const element = b?.elements?.[index] ?? (index === 0 ? b?.accessory : undefined);
    if (!element || element.type !== "button") throw new Error("no such button");
    const action = { type: "button" as const, actionId: String(element.action_id), value: String(element.value ?? "") };
    const res = await this.#send(homeBlockAction({ userId: user, action: { ...action, blockId: b.block_id }, view }));
    if (!res.ok) this.#note(user, undefined, `The Home tab button failed: textdesk answered HTTP ${res.status}.`);
    this.o.changed();
  }

  /** A button click, on a button the app really posted. */
  async click(user: string, ref: ButtonRef): Promise<void> {
    const source = this.#source(ref);
    const element = source?.blocks?.[ref.block]?.elements?.[ref.element];
    if (!source || !element || element.type !== "button") throw new Error("no such button");
    const target: ResponseTarget = {
      user,
      threadTs: source.threadTs,
      ephemeralId: ref.kind === "ephemeral" ? ref.id : undefined,
    };
    const res = await this.#send(
      blockAction({
        userId: user,
        channelId: this.o.channel,
        actionId: String(element.action_id),
        value: String(element.value ?? ""),
        blockId: source.blocks?.[ref.block]?.block_id,
        messageTs: ref.kind === "message" ? ref.id : undefined,
        threadTs: source.threadTs,
        buttonText: element.text?.text,
        messageText: source.text,
        responseUrl: this.#responseUrl(target),
        triggerId: this.#trigger(user),
      }),
    );
    await this.#showAnswer(res, target, "The button failed");
  }

  /** A response_url POST the fake Slack recorded: replace, delete, or add an ephemeral. */
  receiveResponse(r: { id: string; body: any }): void {
    const target = this.#targets.get(r.id);
    const body = typeof r.body === "object" && r.body ? r.body : { text: String(r.body) };
    if (!target) return;
    const existing = target.ephemeralId ? this.ephemerals.find((e) => e.id === target.ephemeralId) : undefined;
    if (existing && body.delete_original) this.ephemerals.splice(this.ephemerals.indexOf(existing), 1);
    else if (existing && body.replace_original) Object.assign(existing, { text: body.text, blocks: body.blocks });
    else this.#addEphemeral(target, body);
    this.o.changed();
  }

  /** A Web API call the app made: ephemerals join their user's view; new messages get a time. */
  receiveCall(call: SlackCall): void {
    if (call.failed) return;
    if (call.method === "chat.postEphemeral" && typeof call.params.user === "string") {
      const threadTs = typeof call.params.thread_ts === "string" ? call.params.thread_ts : undefined;
      this.#addEphemeral({ user: call.params.user, threadTs }, call.params);
    }
    const opener = call.method === "views.open" ? this.#triggers.get(String(call.params.trigger_id)) : undefined;
    if (opener && typeof call.params.view === "object") this.#showModal(opener, call.params.view);
    for (const m of this.o.fake.messages.values())
      if (!this.seenAt.has(m.ts)) this.seenAt.set(m.ts, this.o.clock.now());
    this.o.changed();
  }

  async #showAnswer(res: Response, target: ResponseTarget, failure: string): Promise<void> {
    const raw = await res.text();
    if (!res.ok) return this.#note(target.user, target.threadTs, `${failure}: textdesk answered HTTP ${res.status}.`);
    if (!raw) return;
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = { text: raw };
    }
    this.#addEphemeral(target, body);
    this.o.changed();
  }

  #addEphemeral(target: ResponseTarget, body: { text?: string; blocks?: unknown; response_type?: string }): void {
    const id = nextSlackTs();
    const user = body.response_type === "in_channel" ? EVERYONE : target.user;
    this.ephemerals.push({ id, user, threadTs: target.threadTs, ...pick(body), at: this.o.clock.now() });
  }

  // A modal is shown to the person who opened it; the sandbox cannot submit modals (yet).
  #showModal(user: string, view: { title?: { text?: string }; blocks?: unknown[] }): void {
    const title = { type: "header", text: { type: "plain_text", text: `Modal: ${view.title?.text ?? ""}` } };
    const note = {
      type: "context",
      elements: [{ type: "mrkdwn", text: "_The sandbox shows modals but cannot submit them._" }],
    };
    this.#addEphemeral({ user }, { blocks: [title, ...(view.blocks ?? []), note] });
  }

  /** A trigger_id like Slack's, remembered so a views.open with it is shown to its user. */
  #trigger(user: string): string {
    const n = this.#triggers.size + 1;
    const id = `${1_000_000_000 + n}.2000000000.${n.toString(16).padStart(32, "0")}`;
    this.#triggers.set(id, user);
    return id;
  }

  #note(user: string, threadTs: string | undefined, text: string): void {
    this.#addEphemeral({ user, threadTs }, { text: `:warning: ${text}` });
    this.o.changed();
  }

  #own(user: string, ts: string): HumanMessage {
    const m = this.humans.find((h) => h.ts === ts);
    // Slack lets people edit and delete only their own messages.
    if (!m || m.user !== user) throw new Error("You can only change your own messages.");
    return m;
  }

  #source(ref: ButtonRef): { blocks?: any[]; threadTs?: string; text?: string } | undefined {
    if (ref.kind === "ephemeral") {
      const e = this.ephemerals.find((x) => x.id === ref.id);
      return e && { blocks: e.blocks as any[], threadTs: e.threadTs, text: e.text };
    }
    const m = this.o.fake.messages.get(`${this.o.channel}:${ref.id}`);
    return m && { blocks: m.blocks as any[], threadTs: m.thread_ts, text: m.text };
  }

  #responseUrl(target: ResponseTarget): string {
    const id = `R${++this.#responses}`;
    this.#targets.set(id, target);
    return this.o.fake.responseUrl(id);
  }

  #send(built: SlackBody): Promise<Response> {
    const signed = signSlackBody(this.o.signingSecret, built, this.o.clock.nowSeconds());
    return this.o.post("/slack/events", signed.body, signed.headers);
  }
}

function pick(body: { text?: string; blocks?: unknown }) {
  return { text: typeof body.text === "string" ? body.text : undefined, blocks: body.blocks };
}
