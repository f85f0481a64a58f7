import { describe, expect, it } from "vitest";
import { GuardPass } from "../../src/consent/guard-pass.ts";
import { PermanentSendError } from "../../src/errors.ts";
import { MemoryChatThreads } from "../../src/slack/memory-chat-threads.ts";
import { MemoryCarrier } from "../../src/sms/memory-carrier.ts";

describe("in-memory adapters keep the same contracts as the real ones", () => {
  it("MemoryCarrier demands a GuardPass for exactly the text, and can be told to fail", async () => {
    const carrier = new MemoryCarrier();
    const sms = { messageId: "m1", to: "+12125550134", text: "hi" };
    await expect(carrier.send(sms, undefined as never)).rejects.toThrow(/consent guard/);
    await expect(
      carrier.send({ ...sms, text: "other" }, GuardPass.issue("m1", sms.to, "hi", new Date())),
    ).rejects.toThrow(/consent guard/);
    carrier.failures.push(new PermanentSendError("x", "blocked", "40300"));
    await expect(carrier.send(sms, GuardPass.issue("m1", sms.to, "hi", new Date()))).rejects.toThrow("blocked");
    const sent = await carrier.send(sms, GuardPass.issue("m1", sms.to, "hi", new Date()));
    expect(carrier.sent).toEqual([{ ...sms, carrierMessageId: sent.carrierMessageId }]);
  });

  it("MemoryChatThreads threads replies under their parent and tracks status", async () => {
    const chat = new MemoryChatThreads({ U1: "Emily" });
    const parent = await chat.postMessage({
      channel: "C1",
      view: { kind: "card", card: { phone: "+12125550134", consentState: "none", paused: false } },
    });
    await chat.postMessage({ channel: "C1", threadTs: parent.ts, text: "hello", asCustomer: "(212) 555-0134" });
    const reply = await chat.postMessage({ channel: "C1", threadTs: parent.ts, text: "hi back" });
    await chat.showStatus({ channel: "C1", ts: reply.ts, status: "sent" });
    expect(chat.thread(parent.ts).map((p) => p.text)).toEqual(["hello", "hi back"]);
    expect(chat.statuses.get(`C1:${reply.ts}`)).toBe("sent");
    expect(await chat.displayName("U1")).toBe("Emily");
    expect(parent.ts < reply.ts).toBe(true);
  });
});
