import type { IncomingMessage, ServerResponse } from "node:http";

// Slack's external file upload and direct-message channels, as slack.com answers them:
// https://docs.slack.dev/reference/methods/files.getUploadURLExternal (filename and length required;
// missing_argument when length is 0), then a POST of the bytes to the upload_url it hands out (HTTP 200 when
// the upload worked, anything else when not), then https://docs.slack.dev/reference/methods/files.completeUploadExternal
// (files: [{id, title}] required, channel_id optional, "can only be called once"; a file never completed is
// discarded). Both need files:write. https://docs.slack.dev/reference/methods/conversations.open (im:write) opens
// the bot's direct-message channel with one user.

/** Slack's documented limit for one uploaded file: 1 GB. */
export const SLACK_MAX_FILE_BYTES = 1024 * 1024 * 1024;

export interface FakeSlackFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  /** The bytes POSTed to the upload URL; undefined until then. */
  content?: Buffer;
  /** Where files.completeUploadExternal shared it; undefined while private or not completed. */
  channel?: string;
  initialComment?: string;
  completed: boolean;
}

let fileCounter = 0;

/** The files and DM state of one fake Slack; `dispatch` answers the methods, `upload` the upload URL. */
export function fakeSlackFiles(o: { base: () => string; channelKnown: (id: string) => boolean }) {
  const files = new Map<string, FakeSlackFile>();
  /** The bot's DM channel per user, as conversations.open hands it out. */
  const ims = new Map<string, string>();

  function getUploadUrl(p: Record<string, any>): Record<string, unknown> {
    const length = Number(p.length);
    if (typeof p.filename !== "string" || p.filename === "" || p.length === undefined)
      return { ok: false, error: "invalid_arguments" };
    if (!Number.isInteger(length) || length < 0) return { ok: false, error: "invalid_arguments" };
    if (length === 0) return { ok: false, error: "missing_argument" };
    if (length > SLACK_MAX_FILE_BYTES) return { ok: false, error: "invalid_arguments" };
    fileCounter += 1;
    const id = `F0FAKE${String(fileCounter).padStart(6, "0")}`;
    files.set(id, { id, filename: p.filename, length, completed: false });
    return { ok: true, upload_url: `${o.base()}/upload/v1/${id}`, file_id: id };
  }

  function complete(p: Record<string, any>): Record<string, unknown> {
    let list: unknown = p.files;
    if (typeof list === "string") {
      try {
        list = JSON.parse(list);
      } catch {
        return { ok: false, error: "invalid_arguments" };
      }
    }
    if (!Array.isArray(list) || list.length === 0 || list.some((f) => typeof f?.id !== "string"))
      return { ok: false, error: "invalid_arguments" };
    const channel = typeof p.channel_id === "string" && p.channel_id ? p.channel_id : undefined;
    if (channel && !o.channelKnown(channel) && ![...ims.values()].includes(channel))
      return { ok: false, error: "channel_not_found" };
    const found = list.map((f: { id: string; title?: string }) => ({ entry: files.get(f.id), title: f.title }));
    // Not uploaded, unknown, or already completed ("can only be called once"): Slack has no such file to finish.
    if (found.some((f) => !f.entry || !f.entry.content || f.entry.completed))
      return { ok: false, error: "file_not_found" };
    return {
      ok: true,
      files: found.map(({ entry, title }) => {
        const f = entry!;
        Object.assign(f, { completed: true, title: title ?? f.filename, channel, initialComment: p.initial_comment });
        return {
          id: f.id,
          name: f.filename,
          title: f.title,
          size: f.length,
          ...(channel ? (channel.startsWith("D") ? { ims: [channel] } : { channels: [channel] }) : {}),
        };
      }),
    };
  }

  function open(p: Record<string, any>): Record<string, unknown> {
    const users = typeof p.users === "string" ? p.users.split(",").filter(Boolean) : [];
    // The fake opens 1:1 DMs only (textdesk's use); a group DM is not modelled.
    if (users.length !== 1) return { ok: false, error: users.length ? "not_implemented" : "users_list_not_supplied" };
    if (!/^[UW][A-Z0-9]+$/.test(users[0])) return { ok: false, error: "user_not_found" };
    const existing = ims.get(users[0]);
    const id = existing ?? `D${users[0].slice(1)}`;
    ims.set(users[0], id);
    return { ok: true, ...(existing ? { already_open: true } : {}), channel: { id } };
  }

  return {
    files,
    ims,
    /** Whether `id` is a DM channel this fake opened. */
    isIm: (id: string) => [...ims.values()].includes(id),
    /** Answers one of the methods above; undefined for any other method. */
    dispatch(method: string, p: Record<string, any>): Record<string, unknown> | undefined {
      if (method === "files.getUploadURLExternal") return getUploadUrl(p);
      if (method === "files.completeUploadExternal") return complete(p);
      if (method === "conversations.open") return open(p);
      return undefined;
    },
    /** POST <upload_url>: the bytes, raw or as a multipart form's file; 200 "OK - <bytes>" as Slack answers. */
    async upload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
      const body = await uploadedBytes(req);
      const f = files.get(id);
      const status = req.method !== "POST" ? 405 : !f || f.completed ? 404 : body.length !== f.length ? 400 : 200;
      if (status === 200) f!.content = body;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? `OK - ${body.length}` : "upload refused");
    },
    reset() {
      files.clear();
      ims.clear();
    },
  };
}

/** The uploaded file's bytes: the whole body, or the first file part of a multipart form (the SDK sends one). */
async function uploadedBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return raw;
  try {
    const form = await new Request("http://upload.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: raw,
    }).formData();
    const file = [...form.values()].find((v) => typeof v !== "string") as Blob | undefined;
    return file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
  } catch {
    return Buffer.alloc(0); // not a form after all: nothing usable was uploaded
  }
}
