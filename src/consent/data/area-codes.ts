// NANP geographic area codes → where the subscriber most likely is. Quiet-hours law is
// keyed to the called party's location, and an area code is the only location signal an
// SMS number carries (Oklahoma's and Connecticut's statutes even presume residency from
// it). Mobile numbers travel, so this is a presumption, not a fact.
//
// An area code that straddles a time-zone line lists every zone it reaches (SPLIT_ZONES below):
// the quiet-hours check applies the strictest of them, so a text waits until it is allowed on
// both sides of the line. `tz` stays the zone covering most of the population, for display.
// Overlays share their parent's geography and are listed alongside it.
//
// Deliberately absent: non-geographic codes (toll-free 800/833/844/855/866/877/888,
// personal 5XX, 600/622 and other Canadian non-geographic codes, 700, 710, 900, 456,
// N11 service codes) and the Caribbean/Bermuda NANP countries, which are foreign
// jurisdictions whose two-letter codes would collide with US states (KY, MS, …).
// Those numbers fall back to the business time zone in recipientZone().

/** Where an area code's subscribers are presumed to be: the main zone and every zone the code reaches. */
export type AreaCodeInfo = { state: string; tz: string; zones: readonly string[] };

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const PT = 'America/Los_Angeles';

// [state or province, IANA zone, space-separated area codes]
const GROUPS: ReadonlyArray<readonly [string, string, string]> = [
  // ── United States ──────────────────────────────────────────────────────────
  // 334: Phenix City (Russell County) unofficially keeps Eastern time with Columbus, GA.
  ['AL', CT, '205 251 256 334 659 938'],
  // Aleutian Islands west of 169°30′W are on Hawaii–Aleutian time (America/Adak).
  ['AK', 'America/Anchorage', '907'],
  // Arizona skips DST, except the Navajo Nation (in 928), which follows America/Denver.
  ['AZ', 'America/Phoenix', '480 520 602 623 928'],
  ['AR', CT, '327 479 501 870'],
  ['CA', PT, '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951'],
  ['CO', MT, '303 719 720 748 970 983'],
  ['CT', ET, '203 475 860 959'],
  ['DE', ET, '302'],
  ['DC', ET, '202 771'],
  ['FL', ET, '239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954'],
  // 850/448: the panhandle west of the Apalachicola River (Pensacola, Fort Walton Beach,
  // Panama City — roughly 1.1 M people) is Central; Tallahassee and the Big Bend
  // (roughly 0.45 M) are Eastern.
  ['FL', CT, '448 850'],
  ['GA', ET, '229 404 470 478 678 706 762 770 912 943'],
  ['HI', 'Pacific/Honolulu', '808'],
  // Southern Idaho (Boise) is Mountain; the northern panhandle (Coeur d'Alene, Lewiston) is Pacific.
  ['ID', 'America/Boise', '208 986'],
  ['IL', CT, '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872'],
  // 812/930: the Evansville corner of southwestern Indiana is Central; the rest is Eastern.
  // 574: Starke County is Central; South Bend and Elkhart are Eastern.
  ['IN', 'America/Indiana/Indianapolis', '260 317 463 574 765 812 930'],
  // 219: Lake, Porter, LaPorte, Jasper and Newton counties (Gary, Hammond) are Central.
  ['IN', CT, '219'],
  ['IA', CT, '319 515 563 641 712'],
  // 785 (Sherman, Wallace) and 620 (Greeley, Hamilton): four western counties are Mountain.
  ['KS', CT, '316 620 785 913'],
  // 270/364: western Kentucky (Bowling Green, Owensboro, Paducah) is Central; the
  // Elizabethtown area and counties along the eastern edge are Eastern.
  ['KY', CT, '270 364'],
  ['KY', 'America/Kentucky/Louisville', '502'],
  ['KY', ET, '606 859'],
  ['LA', CT, '225 318 337 457 504 985'],
  ['ME', ET, '207'],
  ['MD', ET, '227 240 301 410 443 667'],
  ['MA', ET, '339 351 413 508 617 774 781 857 978'],
  // 906: the four Upper Peninsula counties bordering Wisconsin (Gogebic, Iron, Dickinson,
  // Menominee) are Central (America/Menominee); the rest of the UP is Eastern.
  ['MI', 'America/Detroit', '231 248 269 313 517 586 616 679 734 810 906 947 989'],
  ['MN', CT, '218 320 507 612 651 763 924 952'],
  ['MS', CT, '228 601 662 769'],
  ['MO', CT, '235 314 417 557 573 636 660 816 975'],
  ['MT', MT, '406'],
  // 308: the Panhandle (Scottsbluff, Sidney, Alliance) is Mountain; Grand Island, Kearney
  // and North Platte are Central.
  ['NE', CT, '308 402 531'],
  // 775: West Wendover and Jackpot (Elko County) keep Mountain time.
  ['NV', PT, '702 725 775'],
  ['NH', ET, '603'],
  ['NJ', ET, '201 551 609 640 732 848 856 862 908 973'],
  ['NM', MT, '505 575'],
  ['NY', ET, '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934'],
  ['NC', ET, '252 336 472 704 743 828 910 919 980 984'],
  // Southwestern North Dakota (Dickinson, the Mountain-time counties south and west of
  // the Missouri) is Mountain; Fargo, Bismarck, Grand Forks and Minot are Central.
  ['ND', CT, '701'],
  ['OH', ET, '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937'],
  ['OK', CT, '405 539 572 580 918'],
  // 541/458: most of Malheur County (Ontario) is Mountain.
  ['OR', PT, '458 503 541 971'],
  ['PA', ET, '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['RI', ET, '401'],
  ['SC', ET, '803 821 839 843 854 864'],
  // West River (Rapid City, the Black Hills) is Mountain; Sioux Falls and the east are Central.
  ['SD', CT, '605'],
  ['TN', CT, '615 629 731 901 931'],
  // 423: Chattanooga and the Tri-Cities are Eastern; a Central fringe lies west of Chattanooga.
  ['TN', ET, '423 865'],
  ['TX', CT, '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979'],
  // El Paso and Hudspeth counties are Mountain.
  ['TX', MT, '915'],
  ['UT', MT, '385 435 801'],
  ['VT', ET, '802'],
  ['VA', ET, '276 434 540 571 686 703 757 804 826 948'],
  ['WA', PT, '206 253 360 425 509 564'],
  ['WV', ET, '304 681'],
  ['WI', CT, '262 274 353 414 534 608 715 920'],
  ['WY', MT, '307'],

  // ── US territories ─────────────────────────────────────────────────────────
  ['PR', 'America/Puerto_Rico', '787 939'],
  ['VI', 'America/St_Thomas', '340'],
  ['GU', 'Pacific/Guam', '671'],
  ['MP', 'Pacific/Saipan', '670'],
  ['AS', 'Pacific/Pago_Pago', '684'],

  // ── Canada (province codes; no US state law applies) ───────────────────────
  ['AB', 'America/Edmonton', '368 403 587 780 825'],
  // Province-wide overlays. The East Kootenay is Mountain; the Peace River region
  // (Dawson Creek, Fort St. John) and Creston keep MST all year.
  ['BC', 'America/Vancouver', '236 250 257 604 672 778'],
  ['MB', 'America/Winnipeg', '204 431 584'],
  ['NB', 'America/Moncton', '428 506'],
  // Most of Labrador is on Atlantic time (America/Goose_Bay); the island is Newfoundland time.
  ['NL', 'America/St_Johns', '709 879'],
  // 902/782 also serve Prince Edward Island, on the same Atlantic time.
  ['NS', 'America/Halifax', '782 902'],
  // 807: Thunder Bay (the larger population) is Eastern; Kenora and Dryden, west of 90°W, are Central.
  ['ON', 'America/Toronto', '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942'],
  // 418/581/367: the Magdalen Islands and the Lower North Shore east of Natashquan are Atlantic.
  ['QC', 'America/Toronto', '263 354 367 418 438 450 468 514 579 581 819 873'],
  // Saskatchewan keeps CST all year; Lloydminster follows Alberta time.
  ['SK', 'America/Regina', '306 474 639'],
  // 867 serves all three territories: Yukon keeps MST all year (America/Whitehorse),
  // Nunavut spans Eastern to Mountain. The Northwest Territories' Mountain time is the middle ground.
  ['NT', 'America/Edmonton', '867'],
];

/** Two-letter codes a table entry (or a quiet-hours override) may name: US states, DC, territories, provinces. */
export const REGION_CODES: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'PR', 'VI', 'GU', 'MP', 'AS',
  'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
]);

// Area codes whose territory crosses a time-zone line, with the zones beyond their main one. Each is
// from the county time-zone boundaries of 49 CFR Part 71 matched to the area code maps
// of the NANP administrator; the comments in GROUPS above name the places on the minority side.
const SPLIT_ZONES: Readonly<Record<string, readonly string[]>> = {
  // Florida panhandle: Tallahassee and the Big Bend Eastern, Pensacola/Panama City Central.
  "850": [ET],
  "448": [ET],
  // Indiana: the Evansville corner (812/930) and Starke County (574) are Central.
  "812": [CT],
  "930": [CT],
  "574": [CT],
  // Kentucky: 270/364 reach the Eastern counties around Elizabethtown; 606 reaches Clinton County (Central).
  "270": [ET],
  "364": [ET],
  "606": [CT],
  // Tennessee: 423 reaches Marion and Bledsoe counties, which keep Central time.
  "423": [CT],
  // Michigan: Gogebic, Iron, Dickinson and Menominee counties are Central.
  "906": ["America/Menominee"],
  // Kansas (Sherman, Wallace, Greeley, Hamilton), Nebraska panhandle, western Dakotas: Mountain.
  "785": [MT],
  "620": [MT],
  "308": [MT],
  "701": [MT],
  "605": [MT],
  // Idaho's northern panhandle is Pacific; Oregon's Malheur County is Mountain.
  "208": [PT],
  "986": [PT],
  "541": ["America/Boise"],
  "458": ["America/Boise"],
  // Nevada: West Wendover and Jackpot keep Mountain time. Arizona: the Navajo Nation keeps DST.
  "775": [MT],
  "928": [MT],
  // Alabama: Phenix City and the Russell County line keep Eastern time with Columbus, GA.
  "334": [ET],
  // Alaska: the Aleutians west of 169°30'W are on Hawaii–Aleutian time.
  "907": ["America/Adak"],
  // Canada: Kenora and Dryden (Central); the Magdalen Islands and Lower North Shore (Atlantic); BC's East
  // Kootenay (Mountain), Creston and the Peace River (MST all year); Labrador (Atlantic); Lloydminster (Alberta).
  "807": ["America/Winnipeg"],
  "418": ["America/Halifax"],
  "581": ["America/Halifax"],
  "367": ["America/Halifax"],
  "236": ["America/Edmonton", "America/Creston", "America/Dawson_Creek"],
  "250": ["America/Edmonton", "America/Creston", "America/Dawson_Creek"],
  "257": ["America/Edmonton", "America/Creston", "America/Dawson_Creek"],
  "672": ["America/Edmonton", "America/Creston", "America/Dawson_Creek"],
  "778": ["America/Edmonton", "America/Creston", "America/Dawson_Creek"],
  "709": ["America/Goose_Bay"],
  "879": ["America/Goose_Bay"],
  "306": ["America/Edmonton"],
  "474": ["America/Edmonton"],
  "639": ["America/Edmonton"],
  // 867: Yukon (MST all year), Northwest Territories (Mountain), Nunavut (Eastern to Mountain).
  "867": ["America/Whitehorse", "America/Iqaluit", "America/Rankin_Inlet"],
};

function buildTable(): ReadonlyMap<string, AreaCodeInfo> {
  const table = new Map<string, AreaCodeInfo>();
  for (const [state, tz, codes] of GROUPS) {
    for (const code of codes.split(' ')) {
      // A code listed twice would silently take the last zone; fail at load instead.
      if (table.has(code)) throw new Error(`area-codes: duplicate area code ${code}`);
      const zones = Object.freeze([tz, ...(SPLIT_ZONES[code] ?? []).filter((z) => z !== tz)]);
      table.set(code, Object.freeze({ state, tz, zones }));
    }
  }
  // A split entry for a code the table lacks would silently do nothing.
  for (const code of Object.keys(SPLIT_ZONES)) {
    if (!table.has(code)) throw new Error(`area-codes: split zones for unknown area code ${code}`);
  }
  return table;
}

/** Every geographic area code in the table, keyed by its three digits. */
export const AREA_CODES: ReadonlyMap<string, AreaCodeInfo> = buildTable();

/** The presumed state/province and IANA zone for a three-digit NANP area code, if geographic and known. */
export function areaCodeInfo(areaCode: string): AreaCodeInfo | undefined {
  return AREA_CODES.get(areaCode);
}
