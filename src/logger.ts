export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** E.164 numbers anywhere in a line: customers' numbers are personal data and stay out of logs. */
const PHONE = /\+\d{4,11}(\d{4})\b/g;

/** Masks phone numbers to their last four digits (`+***0134`), enough to tell customers apart in a log. */
export function maskNumbers(line: string): string {
  return line.replace(PHONE, "+***$1");
}

/** One JSON line per event on stderr, so logs stay greppable and machine-readable; numbers masked. */
export function createLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (event: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(maskNumbers(JSON.stringify({ t: new Date().toISOString(), level: lvl, event, ...fields })));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
