import type { AutoReply } from "../consent/types.ts";
import type { Settings } from "./context.ts";

/** The fixed texts we send in answer to keywords (CTIA wording; see docs/consent.md). */
export function autoReplyText(
  kind: AutoReply | "reminder",
  s: Pick<Settings, "businessName" | "businessContact">,
): string {
  const contact = s.businessContact ? ` Contact us at ${s.businessContact}.` : "";
  switch (kind) {
    case "opt_out_confirmation":
      return `You're unsubscribed from ${s.businessName} texts. No more messages will be sent. Reply START to resubscribe.`;
    case "opt_in_confirmation":
      return `You're subscribed again to ${s.businessName} texts about your vehicle and visits. Msg & data rates may apply. Reply HELP for help, STOP to opt out.`;
    case "help":
      return `${s.businessName}: texts about your vehicle, service and purchase.${contact} Reply STOP to opt out. Msg & data rates may apply.`;
    case "reminder":
      return `Reminder from ${s.businessName}: may we text you about your vehicle? Reply YES to continue or STOP to opt out.`;
  }
}
