/**
 * Makes outside words (a customer's text, evidence typed into the API) safe to show inside a
 * chat note: the three characters chat markup gives meaning to are escaped, so "<!channel>"
 * pings nobody and "<https://x|your invoice>" is not a disguised link.
 */
export function chatSafe(text: string, maxLength = 2_500): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (escaped.length <= maxLength) return escaped;
  // Cut after escaping, so the limit holds, without leaving half an entity behind.
  return `${escaped.slice(0, maxLength).replace(/&[a-z]*$/, "")}…`;
}
