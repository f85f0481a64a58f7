// RFC 4180 CSV for record exports: CRLF line ends, a header row, and fields quoted when they
// hold a comma, a quote, CR or LF (quotes doubled). Values are written as recorded, never
// rewritten: a legal record must show exactly what was texted.

/** One field, quoted only when it must be. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record line, ending in CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Streams a header and rows as CSV text chunks, one row at a time, so memory stays flat. */
export async function* csvStream<T>(
  columns: ReadonlyArray<{ header: string; value: (row: T) => unknown }>,
  rows: AsyncIterable<T> | Iterable<T>,
): AsyncGenerator<string> {
  yield csvLine(columns.map((c) => c.header));
  for await (const row of rows) yield csvLine(columns.map((c) => c.value(row)));
}
