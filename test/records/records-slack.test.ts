import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";
import { JANE, JANE_TYPES, TOKEN, TRICKY, janeConversation, parseCsv } from "./record-history.ts";

const recordJobs = (h: Harness) => h.db.outboxJob.count({ where: { kind: "slack.records" } });

describe("/textdesk records <number>: a manager gets the record by direct message", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    await janeConversation(h);
  });
  afterEach(() => h.close());

  it("answers at once, then sends the summary and both files to the manager's DM, and records the export", async () => {
    const ack = await h.textdesk("records (212) 555-0134", MANAGER);
    expect(ack.text).toMatch(/Preparing the record of \(212\) 555-0134.*direct messages/);
    // The ack only queued the work: nothing was uploaded inside Slack's 3 seconds.
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(await recordJobs(h)).toBe(1);
    await h.drain();

    const open = h.slack.callsTo("conversations.open");
    expect(open.map((c) => c.params.users)).toEqual([MANAGER]);
    const dm = [...h.slack.files.values()][0]?.channel;
    expect(dm).toMatch(/^D/);
    const summary = h.slack.callsTo("chat.postMessage").find((c) => c.params.channel === dm)!;
    const words = JSON.stringify(summary.params.blocks);
    expect(summary.params.blocks[0].text.text).toBe("Record of (212) 555-0134");
    expect(words).toMatch(/Opted out/);
    expect(words).toMatch(/\\"STOP\\"/);
    // Emily texted once; textdesk sent the opt-out confirmation.
    expect(words).toContain(`*Who texted:* <@${STAFF}>: 1, textdesk: 1`);
    expect(words).toMatch(/11 entries/);
    expect(words).toMatch(/2 texts in, 2 texts out, 3 consent events, 3 guard decisions/);

    const files = [...h.slack.files.values()];
    expect(files.map((f) => [f.filename, f.completed, f.channel])).toEqual([
      ["record-12125550134.csv", true, dm],
      ["record-12125550134.json", true, dm],
    ]);
    const csv = parseCsv(files[0].content!.toString("utf8"));
    expect(csv).toHaveLength(1 + 11);
    expect(csv.slice(1).map((r) => r[csv[0].indexOf("type")])).toEqual([...JANE_TYPES]);
    expect(csv[6][csv[0].indexOf("body")]).toBe(TRICKY);
    const json = JSON.parse(files[1].content!.toString("utf8"));
    expect(json).toMatchObject({ phone: JANE, count: 11 });
    expect(json.entries.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    const exported = await h.db.recordEntry.findFirstOrThrow({ where: { phone: JANE, type: "export" } });
    expect(exported).toMatchObject({ seq: 12, actor: MANAGER });
    expect(exported.data).toEqual({
      via: "slack",
      formats: ["csv", "json"],
      throughSeq: 11,
      channel: dm,
      fileIds: files.map((f) => f.id),
    });
    // Done once: draining again sends nothing more.
    await h.drain();
    expect(h.slack.files.size).toBe(2);
  });

  it("refuses anyone but a manager, and queues nothing", async () => {
    const ack = await h.textdesk("records (212) 555-0134", STAFF);
    expect(ack.text).toMatch(/Only a manager can run `\/textdesk records`/);
    expect(await recordJobs(h)).toBe(0);
    await h.drain();
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect((await h.textdesk("help", STAFF)).text).not.toMatch(/records/);
    expect((await h.textdesk("help", MANAGER)).text).toMatch(/records <number>/);
  });

  it("an unknown or unparseable number is refused in words, and nothing is queued", async () => {
    expect((await h.textdesk("records (212) 555-0199", MANAGER)).text).toMatch(
      /Nothing sent: no record of \+12125550199/,
    );
    expect((await h.textdesk("records 12345", MANAGER)).text).toMatch(/Nothing sent: "12345" is not a phone number/);
    expect((await h.textdesk("records", MANAGER)).text).toMatch(/Usage/);
    expect(await recordJobs(h)).toBe(0);
    expect(await h.db.recordHead.count({ where: { phone: "+12125550199" } })).toBe(0);
  });
});
