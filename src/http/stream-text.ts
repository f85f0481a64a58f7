/**
 * A streamed response from text chunks, pulled one at a time (backpressure: nothing is read
 * from the database faster than the client takes it). A failure half-way errors the stream, so
 * the client sees a broken transfer, never a file that merely looks complete.
 */
export function streamText(
  chunks: AsyncGenerator<string>,
  headers: Record<string, string>,
  onError: (err: unknown) => void = () => {},
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        onError(err);
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, { status: 200, headers });
}
