import { describe, expect, it } from "vitest";
import { outStatusText } from "../../src/routing/out-status.ts";

describe("outStatusText: which Slack statuses say someone is out", () => {
  it("out: vacation, sick, OOO, by emoji name, emoji character or words", () => {
    expect(outStatusText({ text: "Vacation", emoji: ":palm_tree:" })).toBe(":palm_tree: Vacation");
    expect(outStatusText({ text: "", emoji: ":face_with_thermometer:" })).toBe(":face_with_thermometer:");
    expect(outStatusText({ text: "Do not disturb", emoji: ":no_entry:" })).toBe(":no_entry: Do not disturb");
    expect(outStatusText({ text: "🌴 back Monday" })).toBe("🌴 back Monday");
    for (const text of [
      "OOO until Jan 4",
      "Out of office",
      "out sick",
      "On PTO",
      "Day off",
      "on parental leave",
      "Holiday!",
    ])
      expect(outStatusText({ text, emoji: ":speech_balloon:" }), text).not.toBeNull();
  });

  it("not out: where someone is for a while, or nothing", () => {
    for (const s of [
      { text: "In a meeting", emoji: ":spiral_calendar_pad:" },
      { text: "Commuting", emoji: ":bus:" },
      { text: "Lunch", emoji: ":sandwich:" },
      { text: "Showing a car on the lot", emoji: ":car:" },
      { text: "", emoji: "" },
      {},
    ])
      expect(outStatusText(s), JSON.stringify(s)).toBeNull();
  });
});
