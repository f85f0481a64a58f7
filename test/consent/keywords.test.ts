import { describe, expect, it } from "vitest";
import { classifyInbound, matchKeyword, normaliseForMatching } from "../../src/consent/keywords.ts";

describe("exact keyword normalisation", () => {
  it.each([
    ["STOP", "STOP"],
    ["Stop.", "STOP"],
    [" STOP ", "STOP"],
    ["stop!!", "STOP"],
    ["\tstop\n", "STOP"],
    ["ＳＴＯＰ", "STOP"],
    ["s.t.o.p", "STOP"],
    ["STOP ALL", "STOP ALL"],
    ["stop-all", "STOP ALL"],
    ["stopall", "STOPALL"],
    ["Opt-out", "OPT OUT"],
    ["opt out", "OPT OUT"],
    ["OPTOUT", "OPTOUT"],
    ["unsubscribe.", "UNSUBSCRIBE"],
    ["Cancel", "CANCEL"],
    ["end", "END"],
    ["QUIT!", "QUIT"],
    ["revoke", "REVOKE"],
    ["stop stop", "STOP"],
  ])("%j is the opt-out keyword %s", (text, keyword) => {
    expect(classifyInbound(text)).toEqual({ kind: "opt_out", keyword });
  });

  it.each([
    ["START", "START"],
    ["start.", "START"],
    ["Unstop", "UNSTOP"],
    ["YES", "YES"],
    ["Yes!", "YES"],
    ["yes.", "YES"],
    ["  yes  ", "YES"],
    ["yes yes", "YES"],
  ])("%j is the opt-in keyword %s", (text, keyword) => {
    expect(classifyInbound(text)).toEqual({ kind: "opt_in", keyword });
  });

  it.each([
    ["HELP", "HELP"],
    ["help?", "HELP"],
    ["Info", "INFO"],
  ])("%j is the help keyword %s", (text, keyword) => {
    expect(classifyInbound(text)).toEqual({ kind: "help", keyword });
  });

  it("a YES with filler is a loose YES: it only answers a pending request", () => {
    expect(classifyInbound("Yes please")).toEqual({ kind: "opt_in", keyword: "YES", loose: true });
    expect(classifyInbound("Yes please", { state: "requested" })).toEqual({
      kind: "opt_in",
      keyword: "YES",
      loose: true,
    });
    expect(classifyInbound("Yes please", { state: "granted" })).toEqual({ kind: "none" });
    expect(classifyInbound("Yes, that's fine", { state: "opted_out" }).kind).toBe("opt_in");
    expect(classifyInbound("ok", { state: "opted_out" }).kind).toBe("none");
  });

  it("a YES carrying an instruction is a conversation, not a keyword", () => {
    expect(classifyInbound("yes please call me tomorrow").kind).toBe("none");
    expect(matchKeyword("yes I will be there at 9")).toBeUndefined();
  });

  it("keywords embedded in longer words or sentences are not exact", () => {
    for (const text of ["stopped", "ending", "STOP 2", "yesterday", "helpful", "information", "stop by at 5"]) {
      expect(matchKeyword(text), text).toBeUndefined();
    }
  });

  it("empty, blank and non-string input is an ordinary message", () => {
    expect(classifyInbound("")).toEqual({ kind: "none" });
    expect(classifyInbound("   ...  ")).toEqual({ kind: "none" });
    expect(classifyInbound(undefined as unknown as string)).toEqual({ kind: "none" });
    expect(classifyInbound(42 as unknown as string)).toEqual({ kind: "none" });
  });

  it("reports the phrase and rule behind a possible opt-out", () => {
    expect(classifyInbound("I want you to STOP texting me!")).toEqual({
      kind: "possible_opt_out",
      phrase: "stop texting",
      rule: "stop-contacting",
    });
  });
});

describe("normaliseForMatching", () => {
  it("strips accents, punctuation and curly apostrophes", () => {
    expect(normaliseForMatching("  No me envíes MÁS mensajes!! ")).toBe("no me envies mas mensajes");
    expect(normaliseForMatching("Don’t  text—me")).toBe("don't text me");
    expect(normaliseForMatching("wrong #!")).toBe("wrong #");
  });
});
