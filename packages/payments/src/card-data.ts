// Browser-safe: no Node APIs. The API refuses request bodies that carry raw card data (PCI scope).

/** Field names (lower-cased, without `_`, `-` or spaces) that only raw card data uses. */
export const cardDataKeys: readonly string[] = [
  'cardnumber',
  'cardno',
  'cardnum',
  'ccnumber',
  'ccnum',
  'creditcardnumber',
  'number',
  'pan',
  'primaryaccountnumber',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'csc',
  'securitycode',
  'cardsecuritycode',
  'cardcvc',
  'cardcvv',
  'expiry',
  'expirationdate',
  'expirationmonth',
  'expirationyear',
  'expirydate',
  'expirymonth',
  'expiryyear',
  'expdate',
  'expmonth',
  'expyear',
  'cardexpiry',
  'track1',
  'track2',
  'trackdata',
];

const keySet = new Set(cardDataKeys);
const normaliseKey = (key: string) => key.toLowerCase().replace(/[\s_-]/g, '');
const maxDepth = 32;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let value = digits.charCodeAt(index) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * A 13–19 digit string (spaces and dashes allowed) that passes Luhn. Card numbers start with 2–6
 * (Mastercard, Visa, Amex/Diners/JCB, Discover/UnionPay); requiring that keeps millisecond
 * timestamps and other long ids, which start with 1, from tripping the check.
 */
export function looksLikeCardNumber(value: string): boolean {
  if (!/^[\d\s-]{13,32}$/.test(value)) return false;
  const digits = value.replace(/[\s-]/g, '');
  return /^[2-6]\d{12,18}$/.test(digits) && passesLuhn(digits);
}

const present = (value: unknown) => value !== null && value !== undefined && value !== '' && value !== false;

/**
 * The path of the first raw card field in a parsed body (`paymentDetails.card_number`, `items.0`),
 * or null. A card-data key with a present value counts at any depth, as does any string or number value
 * that looks like a card number. The value itself is never returned, so it cannot end up in a log.
 */
export function findCardData(body: unknown): string | null {
  const seen = new WeakSet<object>();
  const visit = (value: unknown, path: string[]): string | null => {
    if (typeof value === 'string' || typeof value === 'number') {
      return looksLikeCardNumber(String(value)) ? path.join('.') || '(body)' : null;
    }
    if (typeof value !== 'object' || value === null || path.length > maxDepth || seen.has(value)) return null;
    seen.add(value);
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (!Array.isArray(value) && keySet.has(normaliseKey(key)) && present(child))
        return [...path, key].join('.');
      const found = visit(child, [...path, key]);
      if (found) return found;
    }
    return null;
  };
  return visit(body, []);
}

export const containsCardData = (body: unknown): boolean => findCardData(body) !== null;
