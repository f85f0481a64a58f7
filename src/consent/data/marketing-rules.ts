// Promotional language. A contact whose consent basis is 'inbound' (they texted first) agreed to a
// conversation, not to advertising, so a staff message matching one of these asks the sender to confirm.
//
// The line follows the FTC's CAN-SPAM "primary purpose" test quoted in the seeds (../shared/seeds/001):
// "transactional or relationship content – which facilitates an already agreed-upon transaction or updates
// a customer about an ongoing transaction" is not commercial. So a word like "sale" or "discount" is only
// flagged in its promotional sense; the customer's own deal ("the sale of your trade-in is final", "your
// discount was applied to your invoice") is transactional and passes.
//
// Patterns are case-insensitive and run on text with curly apostrophes straightened and spaces collapsed.

export interface MarketingRule {
  id: string;
  reason: string;
  pattern: RegExp;
  /** When this matches the same text, the hit is the customer's own transaction, not a promotion. */
  unless?: RegExp;
  examples: readonly string[];
}

// "your discount was applied", "the rebate has been mailed": reporting on an agreed deal.
const OWN_DEAL = String.raw`\b(?:your|the)\s(?:\w+\s)?(?:discount|rebate)s?(?:\s(?:check|amount|credit|payment))?\s(?:was|were|has been|have been|is|is now|will be)\s(?:applied|reflected|included|taken|credited|deducted|approved|processed|mailed|sent|on)\b`;

export const MARKETING_RULES: readonly MarketingRule[] = [
  {
    id: 'percent-off',
    reason: 'A price cut stated as a percentage.',
    pattern: /\b\d{1,2}(?:\.\d+)?\s?%\s?off\b|\bpercent off\b/i,
    examples: ['20% off all tires this week', 'take 15 percent off'],
  },
  {
    id: 'zero-apr',
    reason: 'Advertised financing rate.',
    pattern: /(?<![\d.])0(?:\.0+)?\s?%\s?(?:apr|financing|interest)\b|\b(?:zero|0) percent (?:apr|financing|interest)\b/i,
    examples: ['0% APR for 72 months', '0% financing on 2024 Silverados'],
  },
  {
    id: 'discount',
    reason: 'Offers a discount; reporting one already applied to the customer\'s deal is transactional.',
    pattern: /\bdiscount(?:s|ed)?\b/i,
    unless: new RegExp(OWN_DEAL, 'i'),
    examples: ['ask about our military discount', 'discounted service packages'],
  },
  {
    id: 'rebate',
    reason: 'Offers a rebate; a rebate already on the customer\'s deal is transactional.',
    pattern: /\brebates?\b/i,
    unless: new RegExp(OWN_DEAL, 'i'),
    examples: ['$1,500 rebate on all Explorers'],
  },
  {
    id: 'sale',
    reason: 'A sale event or sale pricing; "sale" as the customer\'s own transaction ("the sale of your trade-in") is not flagged.',
    pattern: /\bon sale\b|\bsales? event\b|\bsale (?:ends|starts|price|prices|pricing|this (?:week|weekend|month)|going on)\b|\b(?:big|huge|massive|annual|holiday|year[- ]end|summer|spring|fall|winter|weekend|labor day|memorial day|black friday|presidents'? day|4th of july|tent|clearance|inventory|tax season)\s+sale\b/i,
    examples: ['Huge year-end sale this Saturday', 'every Tahoe is on sale', 'sale ends Monday'],
  },
  {
    id: 'special-offer',
    reason: 'Special or exclusive offers and deals.',
    pattern: /\b(?:special|exclusive)\s+(?:offers?|deals?|pricing|financing|discounts?|invitation|invite)\b|\bdeals? of the (?:day|week|month|year|season|century)\b/i,
    examples: ['an exclusive offer just for you', 'special financing this month', 'deal of the week'],
  },
  {
    id: 'lease-special',
    reason: 'Advertised lease terms.',
    pattern: /\blease (?:specials?|deals?|offers?)\b/i,
    examples: ['check out our lease specials'],
  },
  {
    id: 'urgency',
    reason: 'Manufactured urgency is a hallmark of advertising.',
    pattern: /\blimited[- ]time\b|\bact (?:now|fast|today)\b|\bwhile supplies last\b|\b(?:today|this weekend|this week) only\b|\bdon'?t miss (?:out|this)\b|\boffer (?:ends|expires)\b/i,
    examples: ['limited time only', 'Act now!', "don't miss out"],
  },
  {
    id: 'promo',
    reason: 'Promotions and coupons.',
    pattern: /\bpromo(?:s|tion|tions|tional)?\b|\bcoupons?\b|\bbonus cash\b/i,
    examples: ['use promo code SPRING', 'coupon inside'],
  },
  {
    id: 'clearance',
    reason: 'Clearance events; a truck\'s ground clearance is not one.',
    pattern: /(?<!\b(?:ground|head|leg|tire|wheel|security|credit|title|customs|medical)\s)\bclearance\b/i,
    examples: ['model-year clearance event'],
  },
  {
    id: 'free-product',
    reason: 'A free product or service as an inducement ("free oil change"; the seeds\' "free trade-in appraisal" is their example of a canned marketing message).',
    pattern: /\bfree\s+(?:[\w-]+\s+)?(?:oil changes?|tire rotations?|car wash(?:es)?|inspections?|alignments?|detail(?:ing)?|tank of gas|gas|tires?|wipers?|multi-?point|appraisals?|upgrades?|accessor(?:y|ies)|gifts?|lunch|giveaways?|floor mats|maintenance|service|oil)\b/i,
    examples: ['Free oil change with any test drive', 'get a free trade-in appraisal'],
  },
  {
    id: 'save-money',
    reason: 'Savings claims.',
    pattern: /\bsave (?:up to |over |an extra |another |thousands|hundreds|big\b|\$)|\bsavings of\b/i,
    examples: ['Save $500 this weekend', 'save up to $3,000', 'save big'],
  },
];
