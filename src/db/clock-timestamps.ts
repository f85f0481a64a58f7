import type { Clock } from "../clock.ts";
import { Prisma } from "./generated/client.ts";

// Every timestamp a row gets comes from the injected clock, never from Prisma's `@updatedAt`
// (the wall clock) or a column default (the database's clock): tests move a TestClock, and
// housekeeping compares these columns with it. One extension on the client covers every write
// that goes through Prisma, including those inside interactive transactions, so services need
// not remember to pass `createdAt`/`updatedAt`. Raw SQL writes stamp `now` themselves.

/** Columns each model sets once, on insert, when the caller did not. */
export const STAMPED_ON_CREATE: Record<string, readonly string[]> = {
  Contact: ["createdAt", "updatedAt"],
  Message: ["createdAt", "updatedAt"],
  OutboxJob: ["createdAt", "updatedAt", "runAt"],
  ProcessedEvent: ["receivedAt"],
  ConsentEvent: ["at"],
  Staff: ["createdAt", "updatedAt"],
  RotaShift: ["createdAt"],
  // Written by hand-written SQL on the hot path (src/db/inbox-store.ts passes the clock's now);
  // listed so a Prisma write would be stamped the same way.
  InboxEvent: ["runAt", "receivedAt"],
};

/** Columns each model refreshes on every update, when the caller did not set them. */
export const STAMPED_ON_UPDATE: Record<string, readonly string[]> = {
  Contact: ["updatedAt"],
  Message: ["updatedAt"],
  OutboxJob: ["updatedAt"],
  Staff: ["updatedAt"],
};

type Data = Record<string, unknown>;

function stamp(data: unknown, fields: readonly string[] | undefined, now: Date): unknown {
  if (!fields || data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map((d) => stamp(d, fields, now));
  const out: Data = { ...(data as Data) };
  for (const f of fields) if (out[f] === undefined) out[f] = now;
  return out;
}

/** A Prisma client extension that stamps createdAt/updatedAt (and similar) from `clock`. */
export function clockTimestamps(clock: Clock) {
  return Prisma.defineExtension({
    name: "clock-timestamps",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const onCreate = STAMPED_ON_CREATE[model];
          const onUpdate = STAMPED_ON_UPDATE[model];
          if (!onCreate && !onUpdate) return query(args);
          const now = clock.now();
          const a = args as Data;
          switch (operation) {
            case "create":
            case "createMany":
            case "createManyAndReturn":
              return query({ ...a, data: stamp(a.data, onCreate, now) } as typeof args);
            case "update":
            case "updateMany":
            case "updateManyAndReturn":
              return query({ ...a, data: stamp(a.data, onUpdate, now) } as typeof args);
            case "upsert":
              return query({
                ...a,
                create: stamp(a.create, onCreate, now),
                update: stamp(a.update, onUpdate, now),
              } as typeof args);
            default:
              return query(args);
          }
        },
      },
    },
  });
}
