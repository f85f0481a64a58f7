// Parsing helpers for /textdesk arguments. The command is registered with should_escape: true,
// so Slack sends user mentions as <@U123|name> and escapes &, < and > as entities.

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** The user id in a mention token, `<@U123|name>` or `<@U123>`; undefined for anything else. */
export function parseUserMention(token: string): string | undefined {
  return MENTION.exec(token.trim())?.[1];
}

/** Command text as typed: NULs dropped, mentions reduced to <@U123>, Slack's three escapes undone. */
export function commandText(raw: string): string {
  return raw
    .replace(/\u0000/g, "")
    .replace(/<@([UW][A-Z0-9]+)\|[^>]*>/g, "<@$1>")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

/** Splits off the first word (the subcommand's name, lower-cased) from the rest. */
export function firstWord(text: string): { word: string; rest: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return { word: (m?.[1] ?? "").toLowerCase(), rest: m?.[2]?.trim() ?? "" };
}

/** `<number> <words>`: the number may hold spaces and punctuation, so split where letters start. */
export function numberThenWords(text: string): { phone: string; words: string } | undefined {
  const m = /^([+\d\s().\-]*\d[+\d\s().\-]*?)\s+([^\d\s+(][\s\S]*)$/.exec(text.trim());
  return m ? { phone: m[1].trim(), words: m[2].trim() } : undefined;
}
