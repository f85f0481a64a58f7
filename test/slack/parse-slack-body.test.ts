import { describe, expect, it } from "vitest";
import { BadInputError } from "../../src/errors.ts";
import { parseSlackBody } from "../../src/slack/hono-receiver.ts";

const JSON_TYPE = "application/json";
const FORM = "application/x-www-form-urlencoded";

function rejection(raw: string, type: string | undefined): { code: string; status: number } {
  try {
    parseSlackBody(raw, type);
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return { code: (err as BadInputError).code, status: (err as BadInputError).status };
  }
  throw new Error("accepted");
}

describe("parseSlackBody", () => {
  it("events arrive as JSON", () => {
    const ev = { type: "event_callback", event_id: "Ev1", event: { type: "message", text: "hi" } };
    expect(parseSlackBody(JSON.stringify(ev), "application/json; charset=utf-8")).toEqual(ev);
  });

  it("slash commands arrive as form fields", () => {
    const raw = new URLSearchParams({ command: "/text", text: "212 555 0134", user_id: "U1" }).toString();
    expect(parseSlackBody(raw, FORM)).toEqual({ command: "/text", text: "212 555 0134", user_id: "U1" });
  });

  it("interactivity arrives as JSON inside payload=", () => {
    const payload = { type: "block_actions", user: { id: "U1" }, actions: [{ action_id: "a" }] };
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect(parseSlackBody(raw, FORM)).toEqual(payload);
  });

  it("unparseable bodies are 400 slack_malformed", () => {
    expect(rejection("{nope", JSON_TYPE)).toEqual({ code: "slack_malformed", status: 400 });
    expect(rejection("payload=%7Bnope", FORM)).toEqual({ code: "slack_malformed", status: 400 });
  });

  it("shapes Bolt would choke on are 400, with what is missing", () => {
    for (const body of [
      "[]",
      "null",
      "42",
      JSON.stringify({ type: "event_callback", event_id: "Ev1" }),
      JSON.stringify({ type: "event_callback", event: {} }),
      JSON.stringify({ type: "block_actions", user: { id: "U1" } }),
      JSON.stringify({ type: "block_actions", actions: [] }),
    ]) {
      expect(rejection(body, JSON_TYPE), body).toEqual({ code: "slack_malformed", status: 400 });
    }
    expect(rejection("command=%2Ftext&text=x", FORM)).toEqual({ code: "slack_malformed", status: 400 });
  });

  it("another content type is 415", () => {
    expect(rejection("hello", "text/plain")).toEqual({ code: "slack_content_type", status: 415 });
    expect(rejection("hello", undefined)).toEqual({ code: "slack_content_type", status: 415 });
  });
});
