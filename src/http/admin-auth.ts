import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { BadInputError } from "../errors.ts";

/** Throws 401 unless the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function requireBearer(c: Context, token: string): void {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(c.req.header("authorization") ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
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
