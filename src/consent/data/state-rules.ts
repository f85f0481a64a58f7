// When the law lets a text reach someone, by the state their area code places them in. Each rule names
// the section it comes from; the text of each was read (December 2026) on the legislature's site or a
// copy of the code, except where `checked` says the source was a secondary summary. Most of these laws
// speak of "telephone solicitation"; textdesk applies them to every staff text, because the guard
// cannot reliably tell a sales message from service and silence is the cheaper mistake.
import { FEDERAL_HOLIDAYS, type HolidayRule } from "./holidays.ts";

/** A sending window in local time: 'HH:MM' start inclusive, 'HH:MM' end exclusive. */
export type Window = { start: string; end: string };

export interface StateRule {
  /** The statute or rule, with section numbers. */
  law: string;
  /** Monday–Friday (and every day unless saturday/sunday say otherwise). */
  weekday: Window;
  /** null: no solicitation on that day. */
  saturday?: Window | null;
  sunday?: Window | null;
  /** Holidays on which nothing may be sent, with the law that lists them. */
  holidays?: { rules: readonly HolidayRule[]; law: string };
  /** At most this many marketing texts per rolling 24 hours. */
  marketingCapPer24h?: number;
  /** Set when only a secondary summary of the rule could be read here. */
  checked?: string;
}

const MON = 1;
const EIGHT_TO_EIGHT: Window = { start: "08:00", end: "20:00" };
const EIGHT_TO_NINE: Window = { start: "08:00", end: "21:00" };

/** 47 CFR § 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. at the called party's location. */
export const FEDERAL_RULE: StateRule = { law: "TCPA, 47 CFR § 64.1200(c)(1)", weekday: EIGHT_TO_NINE };

/** The states whose rules are stricter than the federal one, keyed by two-letter code. */
export const STATE_RULES: Readonly<Record<string, StateRule>> = {
  // Fla. Stat. § 501.616(6)(a): not before 8 a.m. or after 8 p.m. in the called person's time zone;
  // (6)(b): not more than three commercial telephone solicitation calls per 24 hours on the same subject.
  FL: { law: "Fla. Stat. § 501.616(6)(a)-(b) (SB 1120, 2021)", weekday: EIGHT_TO_EIGHT, marketingCapPer24h: 3 },
  // Telephone Solicitation Act of 2022 (HB 3168): 8 a.m.–8 p.m., three calls per 24 hours.
  OK: {
    law: "Okla. Stat. tit. 15, § 775C.4 (Telephone Solicitation Act of 2022)",
    weekday: EIGHT_TO_EIGHT,
    marketingCapPer24h: 3,
  },
  // Stop the Spam Calls Act of 2023 (SB 90, eff. 2024-01-01): 8 a.m.–8 p.m., three calls per 24 hours.
  MD: {
    law: "Md. Code, Com. Law § 14-4503 (Stop the Spam Calls Act of 2023)",
    weekday: EIGHT_TO_EIGHT,
    marketingCapPer24h: 3,
    checked: "statute text not reachable offline; terms from the bill summary and compliance guides",
  },
  WA: { law: "RCW 19.158.040(2)", weekday: EIGHT_TO_EIGHT },
  CT: { law: "Conn. Gen. Stat. § 42-288a (Public Act 23-98)", weekday: { start: "09:00", end: "20:00" } },
  // 9 a.m.–9 p.m. Monday–Saturday; noon–9 p.m. Sunday.
  TX: {
    law: "Tex. Bus. & Com. Code § 301.051",
    weekday: { start: "09:00", end: "21:00" },
    sunday: { start: "12:00", end: "21:00" },
  },
  // "No solicitation calls are allowed on Sundays or holidays. On the days that calls are allowed, none
  // will be placed prior to 8 a.m. or after 8 p.m."
  AL: {
    law: "Ala. Admin. Code r. 770-X-5-.17(1)(b)",
    weekday: EIGHT_TO_EIGHT,
    sunday: null,
    holidays: {
      law: "Ala. Code § 1-3-8",
      rules: [
        ...FEDERAL_HOLIDAYS,
        { name: "Mardi Gras (Baldwin and Mobile counties)", easterOffset: -47 },
        { name: "Confederate Memorial Day", nth: { month: 4, weekday: MON, n: 4 } },
        { name: "Jefferson Davis' Birthday", nth: { month: 6, weekday: MON, n: 1 } },
      ],
    },
  },
  LA: {
    law: "LPSC Do Not Call Program General Order R-29617 (under La. R.S. 45:844.11 et seq.)",
    weekday: EIGHT_TO_EIGHT,
    sunday: null,
    holidays: {
      law: "La. R.S. 1:55",
      rules: [
        ...FEDERAL_HOLIDAYS,
        { name: "Battle of New Orleans", fixed: { month: 1, day: 8 } },
        { name: "Robert E. Lee Day", fixed: { month: 1, day: 19 } },
        { name: "Mardi Gras", easterOffset: -47 },
        { name: "Good Friday", easterOffset: -2 },
        { name: "Huey P. Long Day", fixed: { month: 8, day: 30 } },
        { name: "All Saints' Day", fixed: { month: 11, day: 1 } },
      ],
    },
    checked: "General Order text not reachable offline; hours and days from LPSC notices and compliance guides",
  },
  // § 77-3-723(1): "No telephone solicitations may be made on a Sunday"; § 77-3-603(a): 8 a.m.–9 p.m.
  // Monday–Saturday. The holiday ban was a PSC rule (39 Miss. Admin. Code Pt. I, R. 1:28), repealed in
  // 2023 when enforcement moved to the Attorney General, so no holidays here.
  MS: { law: "Miss. Code Ann. §§ 77-3-723(1), 77-3-603(a)", weekday: EIGHT_TO_NINE, sunday: null },
  // § 13-25a-103(3): not between 9 p.m. and 8 a.m., on a Sunday, or on a legal holiday, without prior
  // express consent. Applied to every grant: the guard does not know which consent a court would accept.
  UT: {
    law: "Utah Code § 13-25a-103(3)",
    weekday: EIGHT_TO_NINE,
    sunday: null,
    holidays: {
      law: "Utah Code § 63G-1-301",
      rules: [...FEDERAL_HOLIDAYS, { name: "Pioneer Day", fixed: { month: 7, day: 24 } }],
    },
  },
  // § 5-61-2(2) "hours of operation": Monday–Friday, except a state or federal holiday, 9 a.m.–6 p.m.;
  // Saturday 10 a.m.–5 p.m. Sunday is not among them. § 5-61-3.6: calls only during those hours.
  RI: {
    law: "R.I. Gen. Laws §§ 5-61-2(2), 5-61-3.6",
    weekday: { start: "09:00", end: "18:00" },
    saturday: { start: "10:00", end: "17:00" },
    sunday: null,
    holidays: {
      law: "R.I. Gen. Laws § 5-61-2(2) (state or federal holiday); § 25-1-1 (Victory Day)",
      rules: [...FEDERAL_HOLIDAYS, { name: "Victory Day", nth: { month: 8, weekday: MON, n: 2 } }],
    },
  },
};

/** The rule for a state, or the federal one. */
export function ruleFor(state: string | undefined): StateRule {
  return state !== undefined && Object.hasOwn(STATE_RULES, state) ? STATE_RULES[state] : FEDERAL_RULE;
}
