import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { BadInputError } from "../errors.ts";

/** Throws 401 unless the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function requireBearer(c: Context, token: string): void {
  // Digests of equal length: the comparison takes the same time whatever was sent, its length included.
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  const expected = digest(`Bearer ${token}`);
  const given = digest(c.req.header("authorization") ?? "");
  if (!timingSafeEqual(given, expected)) {
    throw new BadInputError("unauthorized", "a valid Authorization: Bearer <ADMIN_API_TOKEN> header is required", 401);
  }
}

/** The JSON body, or a 400 that says it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new BadInputError("malformed", "body must be JSON");
  }
}
