import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** A slash command the Slack app declares. */
export interface SlashCommandInfo {
  command: string;
  usage?: string;
}

const FALLBACK: SlashCommandInfo[] = [{ command: "/text" }, { command: "/consent-import" }];

/** The slash commands in manifest.yml, so a command added there appears in the sandbox too. */
export function parseManifestCommands(yaml: string): SlashCommandInfo[] {
  const out: SlashCommandInfo[] = [];
  for (const m of yaml.matchAll(/^\s*- command: *(\/[\w-]+)\s*$([\s\S]*?)(?=^\s*- command:|^\S)/gm)) {
    const usage = /usage_hint: *"?([^"\n]*)"?/.exec(m[2])?.[1]?.trim();
    out.push({ command: m[1], ...(usage ? { usage } : {}) });
  }
  return out;
}

/** Reads manifest.yml from the repository root (from sandbox/ or a compiled dist/sandbox/). */
export async function loadSlashCommands(): Promise<SlashCommandInfo[]> {
  for (const rel of ["../manifest.yml", "../../manifest.yml"]) {
    try {
      const found = parseManifestCommands(await readFile(fileURLToPath(new URL(rel, import.meta.url)), "utf8"));
      if (found.length) return found;
    } catch {
      // not at this level; try the next
    }
  }
  return FALLBACK;
}
