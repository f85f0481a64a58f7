// The confirmation step CTIA D1-01 requires before texting a number the customer did not text from:
// "an abbreviated opt-in MT message soliciting an MO response ... must include enough information to
// identify the program" (../shared/seeds/000). The seed's own example is the model: "This is Emily Moore
// from Fitzgerald Auto Mall ..., may I communicate with you via text?"
//
// Merge syntax, kept small enough for staff to edit safely:
//   {firstName} {staffName} {businessName}   fields; an unknown {field} is left as typed and reported.
//   [ ... ]                                   optional part, dropped when any field inside it is empty,
//                                             so "Hi[ {firstName}]," reads "Hi," without a name.
import { countSegments } from "../conversations/segments.ts";
import { findMarketingLanguage } from "./marketing.ts";

export interface ConsentRequestFields {
  firstName?: string;
  staffName?: string;
  businessName: string;
}

export const MERGE_FIELDS = ["firstName", "staffName", "businessName"] as const;

// CTIA also wants HELP and "Msg & data rates may apply" in the first message (issue 7, rule 12). This is as
// short as that allows: exactly 160 GSM-7 characters with the typical values below, one segment.
export const DEFAULT_CONSENT_TEMPLATE =
  "Hi[ {firstName}], it's [{staffName} at ]{businessName}. May we text you about your vehicle? " +
  "YES to agree, STOP to opt out, HELP for help. Msg & data rates may apply.";

// Values used to judge whether a template fits one segment; a longish but ordinary name of each kind.
const TYPICAL: ConsentRequestFields = {
  firstName: "Jennifer",
  staffName: "Michael",
  businessName: "Fitzgerald Auto Mall",
};

const FIELD = /\{(\w+)\}/g;
const OPTIONAL = /\[([^[\]]*)\]/g;
const TOKEN = /\[([^[\]]*)\]|\{(\w+)\}/g;

function clean(value: unknown): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

function fill(part: string, values: Record<string, string>): string {
  return part.replace(FIELD, (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : whole));
}

/** Renders a consent request, dropping optional parts whose fields are empty and tidying the spacing. */
export function renderConsentRequest(template: string, fields: ConsentRequestFields): string {
  if (typeof template !== "string") return "";
  const values: Record<string, string> = {
    firstName: clean(fields?.firstName),
    staffName: clean(fields?.staffName),
    businessName: clean(fields?.businessName),
  };
  // One pass over the template, so a value containing "{" or "[" is never re-read as syntax.
  const rendered = template.replace(TOKEN, (whole, optional: string | undefined, name: string | undefined) => {
    if (optional === undefined) return name !== undefined && Object.hasOwn(values, name) ? values[name] : whole;
    const names = [...optional.matchAll(FIELD)].map((m) => m[1]);
    return names.some((n) => Object.hasOwn(values, n) && values[n] === "") ? "" : fill(optional, values);
  });
  return rendered
    .replace(/[ \t]{2,}/g, " ")
    .replace(/ +([,.!?;:])/g, "$1")
    .trim();
}

/** Lists what is wrong with a template; entries starting "warning:" are advisory, the rest block saving. */
export function validateConsentTemplate(template: string, businessName?: string): string[] {
  if (typeof template !== "string" || template.trim() === "") return ["template is empty"];
  const problems: string[] = [];
  const known = new Set<string>(MERGE_FIELDS);
  const named = businessName?.trim();
  const hasBusiness =
    template.includes("{businessName}") || (!!named && template.toLowerCase().includes(named.toLowerCase()));
  if (!hasBusiness) problems.push("missing {businessName}: the request must identify the business (CTIA D1-01)");
  if (!/\bSTOP\b/i.test(template)) problems.push('missing a STOP instruction, e.g. "Reply STOP to opt out"');
  if (!/\bYES\b/i.test(template)) problems.push('missing a YES instruction, e.g. "Reply YES to continue"');
  for (const m of template.matchAll(FIELD)) {
    if (!known.has(m[1]))
      problems.push(`unknown merge field {${m[1]}}; use ${MERGE_FIELDS.map((f) => `{${f}}`).join(", ")}`);
  }
  if (/[{}]/.test(template.replace(FIELD, ""))) problems.push('unmatched "{" or "}"');
  if (/[[\]]/.test(template.replace(OPTIONAL, ""))) problems.push('unmatched or nested "[" "]" optional part');
  const marketing = findMarketingLanguage(template);
  if (marketing) problems.push(`promotional language ("${marketing.match}"): a consent request must not advertise`);
  const sample = renderConsentRequest(template, { ...TYPICAL, businessName: named || TYPICAL.businessName });
  const count = countSegments(sample);
  if (count.segments > 1) {
    const limit = count.encoding === "GSM-7" ? 160 : 70;
    problems.push(
      `warning: renders to ${count.characters} ${count.encoding} characters with typical values, ` +
        `over the ${limit} of one segment (${count.segments} segments)`,
    );
  }
  return problems;
}
