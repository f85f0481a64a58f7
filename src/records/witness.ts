// Where the daily digest is witnessed: outside the database, so whoever can rewrite the database
// cannot rewrite the witness too. The Slack adapter is src/slack/slack-digest-witness.ts.

/** A digest as text: the parent message and any thread replies holding the rest of the heads. */
export interface DigestPost {
  text: string;
  parts: string[];
}

export interface DigestWitness {
  /** Posts a digest; resolves to the parent message's id. */
  post(d: DigestPost): Promise<{ ts: string }>;
  /** Recent digests of ours, newest first, each with its parts (for the verifier). */
  recent(): Promise<DigestPost[]>;
}
