// What an inbound text does to a contact's consent. Pure: the caller persists `next`, appends `ledger`,
// queues `autoReply`, and releases or expires held staff messages, all in one transaction.
import { classifyInbound, type InboundIntent } from "./keywords.ts";
import { applyInOrder } from "./sent-order.ts";
import type { AutoReply, ConsentSnapshot, LedgerEntry } from "./types.ts";

/** Something staff should read in the thread beyond the text itself. */
export type InboundNotice =
  { kind: "needs_start" } | { kind: "declined" } | { kind: "late"; sentAt: Date; newerAt: Date; paused: boolean };

export interface InboundDecision {
  intent: InboundIntent;
  next: ConsentSnapshot;
  ledger: LedgerEntry[];
  autoReply?: AutoReply;
  /** Held staff messages may now be re-decided for sending. */
  releaseHeld: boolean;
  /** Held staff messages must be dropped, for this reason (opt-out, or a No to our request). */
  expireHeld: false | string;
  /** A human must look at this conversation (possible opt-out, or a keyword arrived while paused). */
  promptReview: boolean;
  notice?: InboundNotice;
  /** true when next.state === 'opted_out' */
  locked: boolean;
  /** was opted_out, now not */
  unlocked: boolean;
}

export type Draft = Omit<InboundDecision, "intent" | "locked" | "unlocked">;

/** Decides the consent effect of one inbound text; never throws, always stamps lastInboundAt. */
export function decideInbound(
  s: ConsentSnapshot,
  text: string,
  opts: { autoresponded: boolean; now: Date; sentAt?: Date },
): InboundDecision {
  const intent = classifyInbound(text, { state: s.state });
  const body = typeof text === "string" ? text : "";
  const now = opts.now;
  // The customer's send time (Telnyx occurred_at); never later than now, whatever a clock says.
  const sentAt = opts.sentAt && opts.sentAt.getTime() < now.getTime() ? opts.sentAt : now;
  const base: ConsentSnapshot = { ...s, paused: s.paused === true, lastInboundAt: now };
  const draft: Draft = { next: base, ledger: [], releaseHeld: false, expireHeld: false, promptReview: false };
  decide(draft, intent, s, base, { body, now, reply: (r) => (opts.autoresponded ? undefined : r) });
  const ordered = applyInOrder(draft, intent, s, base, sentAt);
  const locked = ordered.next.state === "opted_out";
  return { intent, ...ordered, locked, unlocked: s.state === "opted_out" && !locked };
}

interface Facts {
  body: string;
  now: Date;
  /** When the carrier already answered the keyword (Telnyx autoresponse_type), a reply of ours would be a duplicate. */
  reply: (r: AutoReply) => AutoReply | undefined;
}

function decide(draft: Draft, intent: InboundIntent, s: ConsentSnapshot, base: ConsentSnapshot, f: Facts): void {
  switch (intent.kind) {
    case "opt_out": {
      // From any state. A repeated STOP is logged again but not confirmed again: CTIA makes the
      // confirmation the last message, and a second one would be a message after it.
      const already = s.state === "opted_out";
      draft.next = {
        ...base,
        state: "opted_out",
        basis: undefined,
        paused: false,
        changedAt: already ? (s.changedAt ?? f.now) : f.now,
      };
      draft.ledger.push({ event: "opted_out", text: f.body, detail: { keyword: intent.keyword, repeated: already } });
      draft.autoReply = already ? undefined : f.reply("opt_out_confirmation");
      draft.expireHeld = "the customer opted out";
      break;
    }
    case "opt_in":
      decideOptIn(draft, intent, s, base, f);
      break;
    case "refusal":
      // Only classified while our request is pending (keywords.ts). Nothing is asked or sent again
      // until the customer texts in (decision in docs/decisions.md).
      draft.next = { ...base, state: "declined", basis: undefined, changedAt: f.now };
      draft.ledger.push({ event: "declined", text: f.body, detail: { phrase: intent.phrase } });
      draft.expireHeld = "the customer said No to our consent request";
      draft.notice = { kind: "declined" };
      break;
    case "help":
      // HELP never changes consent, and is answered in every state (CTIA; see decide-outbound.ts).
      draft.ledger.push({ event: "help", text: f.body, detail: { keyword: intent.keyword } });
      draft.autoReply = f.reply("help");
      break;
    case "possible_opt_out":
      if (s.state === "opted_out") break;
      draft.next = { ...base, paused: true };
      draft.ledger.push({ event: "paused", text: f.body, detail: { phrase: intent.phrase, rule: intent.rule } });
      draft.promptReview = true;
      break;
    case "reaction":
      // A tapback quotes our own text back; it neither grants nor revokes anything.
      break;
    default:
      if (s.state === "none" || s.state === "declined") {
        // ../shared/README.md (CTIA handbook D1-01): "a customer who texts first has confirmed the handset".
        // After a No, texting in again is the customer starting a conversation of their own.
        draft.next = grantInbound(base, f.now);
        draft.ledger.push({ event: "granted", basis: "inbound", text: f.body });
        draft.releaseHeld = !draft.next.paused;
      }
      // 'requested' + any reply other than YES (or a No) stays 'requested': "Who is this?" is not the
      // deliberate answer the seed's author wants (seeds/000); staff see it, and the one reminder asks again.
      break;
  }
}

function decideOptIn(
  draft: Draft,
  intent: Extract<InboundIntent, { kind: "opt_in" }>,
  s: ConsentSnapshot,
  base: ConsentSnapshot,
  f: Facts,
): void {
  const detail = { keyword: intent.keyword, ...(intent.loose ? { loose: true } : {}) };
  const explicit = intent.keyword === "START" || intent.keyword === "UNSTOP";
  const confirmed = (event: "granted" | "opted_in") => {
    draft.next = { ...base, state: "granted", basis: "confirmed", changedAt: f.now };
    draft.ledger.push({ event, basis: "confirmed", text: f.body, detail });
    draft.autoReply = f.reply("opt_in_confirmation");
  };
  if (s.state === "opted_out") {
    // Issue 7, rule 6: only START or UNSTOP (the words carriers honour) lift an opt-out; a YES does not.
    if (explicit) return confirmed("opted_in");
    draft.ledger.push({
      event: "opted_in",
      text: f.body,
      detail: { ...detail, applied: false, reason: "only START or UNSTOP lifts an opt-out" },
    });
    draft.notice = { kind: "needs_start" };
    return;
  }
  if (s.state === "requested") {
    confirmed("granted");
    draft.releaseHeld = true;
  } else if (s.state === "granted") {
    // START upgrades a conversation-only grant to an explicit one; otherwise there is nothing to record.
    if (explicit && (s.basis === "inbound" || s.basis === undefined)) confirmed("opted_in");
  } else if (explicit || (s.state === "declined" && !intent.loose)) {
    confirmed("opted_in");
  } else {
    draft.next = grantInbound(base, f.now);
    draft.ledger.push({ event: "granted", basis: "inbound", text: f.body, detail });
    draft.releaseHeld = true;
  }
  // A pause is a staff review; only staff lift it (ledger 'resolved'). Flag the keyword for them
  // and keep held messages where they are until then, or they would be refused as 'paused'.
  if (draft.next.paused) {
    draft.promptReview = true;
    draft.releaseHeld = false;
    draft.autoReply = undefined;
  }
}

function grantInbound(base: ConsentSnapshot, now: Date): ConsentSnapshot {
  return { ...base, state: "granted", basis: "inbound", changedAt: now };
}
