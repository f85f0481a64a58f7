import { whoIsThere } from "../../services/who-is-there.ts";
import { whoText } from "../presence-texts.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk who`: who is on duty now, who is away and why, and backups. */
export const who: Subcommand = {
  name: "who",
  usage: "who",
  summary: "Who is on duty now, who is away (why, until when), and backups.",
  async run({ ctx }) {
    return whoText(await whoIsThere(ctx), ctx.settings.businessTimeZone);
  },
};
