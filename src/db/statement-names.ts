import { createHash } from "node:crypto";

/** How many distinct statement texts get a name; past it a text runs unnamed, as before. */
const MAX_NAMED = 2_000;

/**
 * Names for PostgreSQL prepared statements, one per distinct SQL text (issue #9).
 *
 * A named statement is parsed, analysed and (once PostgreSQL settles on a generic plan) planned
 * once per connection instead of on every execution; node-postgres keeps the name per connection
 * and sends only Bind/Execute after the first use. The name is a digest of the whole text, so two
 * texts never share one (node-postgres refuses a name reused with another text). Texts are bounded
 * in practice (ours are fixed; Prisma's vary only with a list's length), and the cap keeps an
 * unbounded family (say, a long IN list per page size) from growing every connection's cache.
 */
export class StatementNames {
  readonly #names = new Map<string, string | undefined>();

  /** The name for `text`, or undefined once the cap is reached for a new text. */
  nameFor(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name !== undefined || this.#names.has(text)) return name;
    if (this.#names.size < MAX_NAMED) name = `td_${createHash("sha1").update(text).digest("base64url")}`;
    this.#names.set(text, name);
    return name;
  }
}
