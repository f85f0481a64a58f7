import { LOCKS, PAUSES } from "./messages-a.ts";
import { CONVERSATION, HELPS, OPT_INS, REFUSALS } from "./messages-b.ts";
import { SECOND_BATCH, THIRD_BATCH } from "./messages-c.ts";
import type { CorpusRow } from "./outcome.ts";

/** Every corpus message with its expected outcome (issue 7, rule 4). */
export const CORPUS: readonly CorpusRow[] = [
  ...LOCKS,
  ...PAUSES,
  ...HELPS,
  ...OPT_INS,
  ...REFUSALS,
  ...CONVERSATION,
  ...SECOND_BATCH,
  ...THIRD_BATCH,
];
