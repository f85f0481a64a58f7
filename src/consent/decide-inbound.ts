// What an inbound text does to a contact's consent. Pure: the caller persists `next`, appends `ledger`,
// queues `autoReply`, and releases or expires held staff messages, all in one transaction.
import { classifyInbound, type InboundIntent } from "./keywords.ts";
import type { AutoReply, ConsentSnapshot, LedgerEntry } from "./types.ts";

export interface InboundDecision {
  intent: InboundIntent;
  next: ConsentSnapshot;
  ledger: LedgerEntry[];
  autoReply?: AutoReply;
  /** Held staff messages may now be re-decided for sending. */
  releaseHeld: boolean;
  /** Held staff messages must be dropped: the customer opted out before they went. */
  expireHeld: boolean;
  /** A human must look at this conversation (possible opt-out, or a keyword arrived while paused). */
  promptReview: boolean;
  /** true when next.state === 'opted_out' */
  locked: boolean;
  /** was opted_out, now not */
  unlocked: boolean;
}

type Draft = Omit<InboundDecision, "intent" | "locked" | "unlocked">;

/** Decides the consent effect of one inbound text; never throws, always stamps lastInboundAt. */
export function decideInbound(
  s: ConsentSnapshot,
  text: string,
  opts: { autoresponded: boolean; now: Date },
): InboundDecision {
  const intent = classifyInbound(text);
  const body = typeof text === "string" ? text : "";
  const now = opts.now;
  const base: ConsentSnapshot = { ...s, paused: s.paused === true, lastInboundAt: now };
  // When the carrier already answered the keyword (Telnyx autoresponse_type), a reply of ours would be a duplicate.
  const reply = (r: AutoReply): AutoReply | undefined => (opts.autoresponded ? undefined : r);
  const draft: Draft = { next: base, ledger: [], releaseHeld: false, expireHeld: false, promptReview: false };

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
        changedAt: already ? (s.changedAt ?? now) : now,
      };
      draft.ledger.push({ event: "opted_out", text: body, detail: { keyword: intent.keyword, repeated: already } });
      draft.autoReply = already ? undefined : reply("opt_out_confirmation");
      draft.expireHeld = true;
      break;
    }
    case "opt_in": {
      const detail = { keyword: intent.keyword };
      if (s.state === "opted_out") {
        draft.next = { ...base, state: "granted", basis: "confirmed", changedAt: now };
        draft.ledger.push({ event: "opted_in", basis: "confirmed", text: body, detail });
        draft.autoReply = reply("opt_in_confirmation");
      } else if (s.state === "requested") {
        // The held messages are the answer to the YES; an extra confirmation would only add noise.
        draft.next = { ...base, state: "granted", basis: "confirmed", changedAt: now };
        draft.ledger.push({ event: "granted", basis: "confirmed", text: body, detail });
        draft.releaseHeld = true;
      } else if (s.state === "granted") {
        // Already granted: nothing to record.
      } else {
        draft.next = grantInbound(base, now);
        draft.ledger.push({ event: "granted", basis: "inbound", text: body, detail });
        draft.releaseHeld = true;
      }
      // A pause is a staff review; only staff lift it (ledger 'resolved'). Flag the keyword for them
      // and keep held messages where they are until then, or they would be refused as 'paused'.
      if (draft.next.paused) {
        draft.promptReview = true;
        draft.releaseHeld = false;
      }
      break;
    }
    case "help":
      // HELP never changes consent, and is answered in every state (CTIA; see decide-outbound.ts).
      draft.ledger.push({ event: "help", text: body, detail: { keyword: intent.keyword } });
      draft.autoReply = reply("help");
      break;
    case "possible_opt_out":
      if (s.state === "opted_out") break;
      draft.next = { ...base, paused: true };
      draft.ledger.push({ event: "paused", text: body, detail: { phrase: intent.phrase, rule: intent.rule } });
      draft.promptReview = true;
      break;
    default:
      if (s.state === "none") {
        // ../shared/README.md (CTIA handbook D1-01): "a customer who texts first has confirmed the handset".
        draft.next = grantInbound(base, now);
        draft.ledger.push({ event: "granted", basis: "inbound", text: body });
        draft.releaseHeld = !draft.next.paused;
      }
      // 'requested' + any reply other than YES stays 'requested'. The customer did not text first, so
      // the D1-01 exception does not apply; the README lists YES as what "answers a consent request", and
      // the seed's author wants "a deliberate answer on whether or not you can proceed" (seeds/000).
      // "Who is this?" is not that answer; staff see the reply in Slack, and the one reminder asks again.
      break;
  }

  const locked = draft.next.state === "opted_out";
  return { intent, ...draft, locked, unlocked: s.state === "opted_out" && !locked };
}

function grantInbound(base: ConsentSnapshot, now: Date): ConsentSnapshot {
  return { ...base, state: "granted", basis: "inbound", changedAt: now };
}
