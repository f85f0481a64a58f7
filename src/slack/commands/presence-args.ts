// Shared argument shapes of the availability subcommands: an optional leading @mention (whose
// status a manager sets) and a time in plain words, read in BUSINESS_TIMEZONE.
import { parseWhen } from "../../routing/when-phrase.ts";
import { parseUserMention } from "./args.ts";

/** Splits a leading `<@U…>` off `args`; without one the target is the person who typed it. */
export function targetOf(args: string, user: string): { target: string; rest: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const id = m ? parseUserMention(m[1]) : undefined;
  return id ? { target: id, rest: m![2].trim() } : { target: user, rest: args.trim() };
}

/** Every `<@U…>` in `text`, in order, and what is left once they are taken out. */
export function mentionsIn(text: string): { ids: string[]; rest: string } {
  const ids: string[] = [];
  const rest = text
    .split(/\s+/)
    .filter((token) => {
      const id = parseUserMention(token);
      if (id) ids.push(id);
      return !id && token !== "";
    })
    .join(" ");
  return { ids, rest };
}

/** "" → open-ended (null); "until tomorrow 9am" or "tomorrow 9am" → that instant; else the parser's error. */
export function untilOf(
  text: string,
  now: Date,
  tz: string,
): { ok: true; until: Date | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === "") return { ok: true, until: null };
  if (/^(until|till|til)$/i.test(t)) return { ok: false, error: 'until when? e.g. "until tomorrow 9am"' };
  const r = parseWhen(t, now, tz);
  return r.ok ? { ok: true, until: r.value } : { ok: false, error: r.error };
}
