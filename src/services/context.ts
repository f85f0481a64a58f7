import type { Clock } from "../clock.ts";
import type { QuietHoursPolicy } from "../consent/quiet-hours.ts";
import type { Db } from "../db/database.ts";
import type { Sql } from "../db/sql.ts";
import type { Logger } from "../logger.ts";
import type { BusinessCalendar } from "../routing/business-calendar.ts";
import type { ServiceMetrics } from "./service-metrics.ts";

/** Business settings the services read; built once from Config in main.ts. */
export interface Settings {
  channelId: string;
  /** The shared texting number (E.164); never a customer. */
  ownNumber: string;
  businessName: string;
  businessTimeZone: string;
  businessContact?: string;
  notePrefix: string;
  consentTemplate: string;
  /** How long a consent request waits before the one reminder, and the reminder before expiry. */
  requestWindowMs: number;
  /** A reply written after the customer's conversational text, and this soon after it, may go out in quiet hours. */
  conversationalWindowMs: number;
  /** Texting first counts as consent to replies for this many days after the customer's last text. */
  conversationConsentDays: number;
  quietHours: QuietHoursPolicy;
  /** SLACK_MANAGER_IDS: may clear paused threads, reassign, edit the rota and routing settings. */
  managerIds: readonly string[];
  /** SLACK_ON_DUTY_IDS: who answers customers with no owner, or whose owner and backup are away. */
  onDutyIds: readonly string[];
  /** BUSINESS_HOURS and BUSINESS_HOLIDAYS in businessTimeZone: after-hours replies, escalation timers. */
  business: BusinessCalendar;
  /** AWAY_REPLY_HOURS: at most one away auto-reply per customer this often. */
  awayReplyMs: number;
  /** ESCALATE_AFTER_MINUTES: open minutes without a staff reply before the managers are mentioned. */
  escalateAfterMinutes: number;
  /** RECORDS_RETENTION_YEARS: record and message bodies younger than this are never purged (default 5). */
  recordsRetentionYears?: number;
  /** SLACK_ON_DUTY_GROUP: a user group whose cached members are the on-duty team (instead of onDutyIds). */
  onDutyGroup?: string;
  /** ROUTING_SLACK_STATUS: an "out" Slack status counts as away until it expires. */
  routingSlackStatus?: boolean;
}

/** What every application service needs: the database, time, logs and a nudge for the outbox. */
export interface ServiceContext {
  db: Db;
  /** The driver under `db`: the inbox's batches run their transaction on it (decision 121). */
  sql?: Sql;
  clock: Clock;
  log: Logger;
  settings: Settings;
  /** Tells the outbox that new jobs were committed, so it need not wait for its next poll. */
  wake: () => void;
  /** Consent decisions and carrier outcomes, counted for /metrics (after the deciding transaction commits). */
  metrics?: ServiceMetrics;
}
