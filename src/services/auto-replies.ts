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
      // CTIA: names the program, frequency, rates, HELP and STOP. Sent once, after a YES to our request or a START.
      return `${s.businessName}: you're subscribed to texts about your vehicle and visits. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to opt out.`;
    case "help":
      // CTIA: business name, contact, how to opt out, frequency and rates. BUSINESS_CONTACT is required to go live.
      return `${s.businessName}: texts about your vehicle, service and purchase.${contact} Msg frequency varies. Msg & data rates may apply. Reply STOP to opt out.`;
    case "reminder":
      return `Reminder from ${s.businessName}: may we text you about your vehicle? Reply YES to continue or STOP to opt out.`;
  }
}
