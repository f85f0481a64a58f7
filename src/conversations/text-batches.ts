/**
 * How a customer's waiting texts are grouped into Slack posts: Slack allows about one post per
 * second per channel, so a customer who sends five texts while the channel is busy gets one post
 * with all five, in order. Pure: the sizes are what one message and one parent card can hold.
 */

export interface Sized {
  body: string;
  mediaUrls: string[];
}

/** At most this many texts per post, and this many characters of them together. */
export const BATCH_MAX_TEXTS = 10;
export const BATCH_MAX_CHARS = 2_800;

const size = (t: Sized) => t.body.length + t.mediaUrls.reduce((n, u) => n + u.length + 14, 0);

/** The oldest waiting texts that fit one post; always at least the first, however long. */
export function nextBatch<T extends Sized>(waiting: T[]): T[] {
  const out: T[] = [];
  let chars = 0;
  for (const t of waiting) {
    if (out.length >= BATCH_MAX_TEXTS) break;
    if (out.length > 0 && chars + size(t) > BATCH_MAX_CHARS) break;
    out.push(t);
    chars += size(t);
  }
  return out;
}

/** Whether a batch may ride in the thread's parent card (each text is one section there). */
export function fitsInParent(batch: Sized[]): boolean {
  return batch.length > 0 && batch.reduce((n, t) => n + size(t), 0) <= BATCH_MAX_CHARS;
}
