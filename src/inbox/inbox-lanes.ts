// Lanes of the inbox (issue #9): events are spread over a fixed number of lanes by a hash of
// their ordering key (the customer's number), so several consumers, in one instance or many,
// apply different customers' texts at once while each customer's stay in order.

/**
 * Lanes every event is written with. Fixed: an instance that counted differently would put one
 * customer's texts in two lanes (the claim still keeps them in order, by waiting; see inbox-store).
 */
export const INBOX_LANES = 8;

/** The lane of an ordering key: FNV-1a (32 bits) of its UTF-16 code units, modulo `lanes`. */
export function laneOf(orderingKey: string, lanes = INBOX_LANES): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < orderingKey.length; i++) {
    h ^= orderingKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % lanes;
}
