import type { ServiceContext } from "../services/context.ts";
import { consentsHandler } from "./consents-route.ts";
import { evidenceHandler } from "./evidence-route.ts";
import { recordsHandler } from "./records-route.ts";

/** The read side of the records API (issue #11), all behind ADMIN_API_TOKEN. */
export function recordsHandlers(opts: { ctx: ServiceContext; token: string }) {
  return { history: recordsHandler(opts), evidence: evidenceHandler(opts), consents: consentsHandler(opts) };
}
