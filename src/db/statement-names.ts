import { createHash } from "node:crypto";

/** How many distinct statement texts get a name; past it a text runs unnamed, as before. */
const MAX_NAMED = 2_000;

/**
 * Names for PostgreSQL prepared statements, one per distinct SQL text (issue #9, decision 117).
 *
 * A named statement is parsed, analysed and (once PostgreSQL settles on a generic plan) planned
 * once per connection instead of on every execution; node-postgres keeps the name per connection
 * and sends only Bind/Execute after the first use. The name is a digest of the whole text, so two
 * texts never share one (node-postgres refuses a name reused with another text). Texts are bounded
 * in practice (ours are fixed; Prisma's vary only with a list's length), and past the cap a new
 * text runs unnamed and is not remembered, so an unbounded family cannot grow any cache.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  /** Texts whose statements went stale, with how many times: their next name differs. */
  readonly #renewed = new Map<string, number>();

  /** The name for `text`, or undefined once the cap is reached for a new text. */
  nameFor(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name !== undefined || this.#names.size >= MAX_NAMED) return name;
    const hash = createHash("sha1").update(text).digest("base64url");
    const round = this.#renewed.get(text);
    name = round ? `td_${hash}_${round}` : `td_${hash}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * Gives `text` a new name after PostgreSQL refused its statement as stale (its result's shape
   * changed under it, decision 117): every connection then parses the text afresh.
   */
  renew(text: string): void {
    if (!this.#names.delete(text)) return;
    this.#renewed.set(text, (this.#renewed.get(text) ?? 0) + 1);
  }
}

/** PostgreSQL's answers for a prepared statement that must be parsed again. */
export function isStaleStatement(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "0A000" || code === "26000";
}
