import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { manifestScopes } from "../../sandbox/fakes/slack-rules.ts";

// The fake's external upload follows docs.slack.dev/reference/methods/files.getUploadURLExternal and
// /files.completeUploadExternal, and conversations.open for the DM; the real WebClient drives it.
const TOKEN = "xoxb-right-token";

describe("fake Slack: external file uploads and direct messages", () => {
  let slack: FakeSlack;
  let client: WebClient;
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
    );
  beforeAll(async () => {
    slack = await startFakeSlack({ knownChannels: ["C0A"], token: TOKEN, postLimit: false });
    client = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it("filesUploadV2 (get URL, POST the bytes, complete) shares the file in a DM opened with conversations.open", async () => {
    const opened = await client.conversations.open({ users: "U0MANAGER" });
    const dm = opened.channel!.id!;
    expect(dm).toMatch(/^D/);
    expect((await client.conversations.open({ users: "U0MANAGER" })).channel?.id).toBe(dm);
    expect((await client.chat.postMessage({ channel: dm, text: "summary" })).ok).toBe(true);
    const res = await client.filesUploadV2({
      channel_id: dm,
      initial_comment: "files",
      file_uploads: [
        { file: Buffer.from("a,b\r\n1,2\r\n"), filename: "r.csv", title: "CSV" },
        { file: Buffer.from('{"x":1}'), filename: "r.json", title: "JSON" },
      ],
    });
    expect(res.ok).toBe(true);
    const files = [...slack.files.values()];
    expect(files.map((f) => [f.filename, f.title, f.channel, f.completed, f.content?.toString()])).toEqual([
      ["r.csv", "CSV", dm, true, "a,b\r\n1,2\r\n"],
      ["r.json", "JSON", dm, true, '{"x":1}'],
    ]);
    expect(slack.callsTo("files.getUploadURLExternal").map((c) => c.params.filename)).toEqual(["r.csv", "r.json"]);
    const upload = await client.files.getUploadURLExternal({ filename: "x.txt", length: 3 });
    expect(upload.upload_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload\/v1\/F/);
  });

  it("refuses what Slack refuses: length 0, no filename, completing an unknown, unsent or finished file", async () => {
    expect(await errorOf(client.files.getUploadURLExternal({ filename: "x.txt", length: 0 }))).toBe("missing_argument");
    expect(await errorOf(client.files.getUploadURLExternal({ filename: "", length: 3 }))).toBe("invalid_arguments");
    expect(await errorOf(client.files.getUploadURLExternal({ filename: "big", length: 2 * 1024 ** 3 }))).toBe(
      "invalid_arguments",
    );
    const { file_id, upload_url } = await client.files.getUploadURLExternal({ filename: "x.txt", length: 3 });
    // Completing before the bytes arrived: there is no such file yet.
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).toBe("file_not_found");
    expect((await fetch(upload_url!, { method: "POST", body: "toolong" })).status).toBe(400);
    expect((await fetch(upload_url!, { method: "POST", body: "abc" })).status).toBe(200);
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: "F0NOPE" }] }))).toBe("file_not_found");
    expect(
      await errorOf(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: "C0UNKNOWN" })),
    ).toBe("channel_not_found");
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).toBe("ok");
    // "This method can only be called once."
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).toBe("file_not_found");
    expect((await fetch(upload_url!, { method: "POST", body: "abc" })).status).toBe(404);
    expect(await errorOf(client.conversations.open({ users: "not-a-user" }))).toBe("user_not_found");
  });

  it("files:write and im:write are needed, and the manifest asks for them", async () => {
    expect(manifestScopes()).toEqual(expect.arrayContaining(["files:write", "im:write"]));
    const narrow = await startFakeSlack({ token: TOKEN, scopes: ["chat:write"], postLimit: false });
    try {
      const c = new WebClient(TOKEN, { slackApiUrl: narrow.url, retryConfig: { retries: 0 } });
      expect(await errorOf(c.files.getUploadURLExternal({ filename: "x", length: 1 }))).toBe("missing_scope");
      expect(await errorOf(c.conversations.open({ users: "U0A" }))).toBe("missing_scope");
    } finally {
      await narrow.close();
    }
  });
});
