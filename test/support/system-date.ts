import { vi } from "vitest";

// The `dates` project (vitest.config.ts): moves the SYSTEM date to TEST_SYSTEM_DATE in the worker
// where the app, the fakes and PGlite run, while each TestClock stays where its test put it. A
// test that passes here does not depend on today's date. Only Date is faked; timers stay real.
const at = process.env.TEST_SYSTEM_DATE;
if (at) {
  const now = Date.parse(at);
  if (Number.isNaN(now)) throw new Error(`TEST_SYSTEM_DATE is not a date: ${at}`);
  vi.useFakeTimers({ toFake: ["Date"], now, shouldAdvanceTime: true });
}
