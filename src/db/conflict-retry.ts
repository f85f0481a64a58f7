/**
 * Whether PostgreSQL aborted a transaction for a deadlock or a serialization conflict (SQLSTATE
 * 40P01 / 40001), which both drivers' Prisma adapters report as P2034 ("TransactionWriteConflict").
 */
export function isWriteConflict(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === "P2034" || /deadlock detected|could not serialize access/i.test(String(e?.message ?? ""));
}

/**
 * Runs `transaction` again when PostgreSQL aborted it for a deadlock: an aborted transaction changed
 * nothing, so running it again doubles nothing. For the writes that must not be lost once a vendor
 * has acted, such as recording a text the carrier took; anything else still fails at once.
 */
export async function retryOnConflict<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt >= attempts || !isWriteConflict(err)) throw err;
    }
  }
}
