// Whether a Slack status says the person is out (vacation, out sick, out of office), for
// ROUTING_SLACK_STATUS. A status about where someone is ("In a meeting", "Commuting", "Lunch")
// is not out: they will be back within the hour and routing should not move their customers.

// Slack's standard emoji for being out, by name (status_emoji arrives as ":palm_tree:").
const OUT_EMOJI = new Set([
  "palm_tree",
  "desert_island",
  "beach_with_umbrella",
  "airplane",
  "face_with_thermometer",
  "thermometer",
  "face_with_head_bandage",
  "sneezing_face",
  "hospital",
  "no_entry",
  "no_entry_sign",
]);

// The same pictures typed into the status text itself.
const OUT_CHARACTERS = ["🌴", "🏝", "🏖", "✈", "🤒", "🌡", "🤕", "🤧", "😷", "⛔", "🚫"];

// Words people write when they are out for the day or longer; matched as whole words, any case.
const OUT_WORDS =
  /\b(vacation|vacationing|vacay|holiday|holidays|ooo|out of (the )?office|out sick|sick|pto|day off|days off|off today|on leave|parental leave|maternity leave|paternity leave|annual leave|off work)\b/i;

/** The status as Slack shows it, e.g. ":palm_tree: Vacation"; null when it says nothing about being out. */
export function outStatusText(status: { text?: string; emoji?: string }): string | null {
  const text = (status.text ?? "").trim();
  const emoji = (status.emoji ?? "").trim();
  const name = emoji.replace(/^:|:$/g, "").toLowerCase();
  const out = OUT_EMOJI.has(name) || OUT_CHARACTERS.some((c) => text.includes(c)) || OUT_WORDS.test(text);
  if (!out) return null;
  return [emoji, text].filter(Boolean).join(" ").slice(0, 150);
}
