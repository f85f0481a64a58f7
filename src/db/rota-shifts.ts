import type { Shift } from "../routing/rota.ts";
import type { Tx } from "./contacts.ts";

/**
 * The rota's shifts in the order they were made, as routing reads them. Hand-written (issue #9):
 * read by every inbox transaction that routes a text, where Prisma's findMany cost twice a raw
 * statement's CPU. The rota's own commands (src/services/rota.ts) keep Prisma.
 */
export function readRotaShifts(tx: Tx): Promise<Shift[]> {
  return tx.$queryRaw<Shift[]>`SELECT id, hours, member_ids AS "memberIds" FROM rota_shifts ORDER BY id`;
}
