import { clearRota, listRota, setRotaShift } from "../../services/rota.ts";
import { firstWord } from "./args.ts";
import { mentionsIn } from "./presence-args.ts";
import { refusal, rotaText } from "../presence-texts.ts";
import type { Subcommand } from "./subcommand.ts";

const USAGE =
  "Usage: `/textdesk rota` (show), `/textdesk rota set Mon-Fri 08:00-19:00 @a @b` (managers), `/textdesk rota clear <number|all>` (managers). Nothing changed.";

/** `/textdesk rota [set <hours> @a @b | clear <n|all>]`: the weekly on-duty rota. */
export const rota: Subcommand = {
  name: "rota",
  usage: "rota | rota set Mon-Fri 08:00-19:00 @a @b | rota clear <number|all>",
  summary: "Show the weekly on-duty rota; managers set and clear shifts.",
  async run({ ctx, user, args }) {
    const tz = ctx.settings.businessTimeZone;
    const { word, rest } = firstWord(args);
    if (word === "") return rotaText(await listRota(ctx), tz);
    if (word === "set") {
      const { ids, rest: hours } = mentionsIn(rest);
      const r = await setRotaShift(ctx, { actor: user, hours, memberIds: ids });
      if (!r.ok) return refusal(r.error);
      const verb = r.replaced ? "Replaced" : "Added";
      return `:spiral_calendar_pad: ${verb} the shift *${r.shift.hours}* (${tz}): ${r.shift.memberIds.map((id) => `<@${id}>`).join(", ")}.\n${rotaText(await listRota(ctx), tz)}`;
    }
    if (word === "clear") {
      const which = rest.toLowerCase() === "all" ? "all" : /^\d+$/.test(rest) ? Number(rest) : undefined;
      if (which === undefined || which === 0) return USAGE;
      const r = await clearRota(ctx, { actor: user, which });
      if (!r.ok) return refusal(r.error);
      return `Removed ${r.removed.map((s) => `*${s.hours}*`).join(", ")}.\n${rotaText(await listRota(ctx), tz)}`;
    }
    return USAGE;
  },
};
