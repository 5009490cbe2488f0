/**
 * Checks that turn a regex candidate into a detection. Shapes alone over-match (any 16 digits, any
 * 3-2-4 digit group), so each detector that has a checksum or a registry range uses it: that is
 * what keeps order ids, timestamps and version numbers out of the placeholders (precision).
 */
import { isIP } from 'node:net';

/** Luhn mod-10 over the digits of `s` (other characters ignored). */
export function luhnValid(s: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}

/** Card lengths per issuer prefix (IIN); Maestro's rare 12-15 digit cards are left out. */
function cardLengthOk(digits: string, n: number): boolean {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (two === 34 || two === 37) return n === 15; // Amex
  if (two === 30 || two === 36 || two === 38 || two === 39) return n >= 14; // Diners
  if (two === 35) return n >= 16; // JCB
  if (two >= 50 && two <= 59) return n >= 16; // Mastercard 51-55, Maestro 50, 56-59
  if ((four >= 2221 && four <= 2720) || (four >= 2200 && four <= 2204)) return n >= 16; // Mastercard, Mir
  return digits[0] === '6' && n >= 16; // Discover, UnionPay, Maestro, RuPay
}

/**
 * Whether a run of 13-19 digits is a plausible payment card: issuer prefix and length of a card
 * network, Luhn-valid, not one repeated digit. Prefix and length matter: 13-digit epoch
 * milliseconds (1…), nanosecond timestamps (1…) and EAN-13 barcodes (5…) would otherwise pass
 * Luhn one time in ten.
 */
export function isCardNumber(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19 || !/^\d+$/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return cardLengthOk(digits, n) && luhnValid(digits);
}

/** Countries that issue IBANs (SWIFT registry), with their fixed lengths. */
// prettier-ignore
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 13616: registered country, its length, and mod-97 of the rearranged number equal to 1. */
export function isIban(candidate: string): boolean {
  const s = candidate.replace(/ /g, '').toUpperCase();
  if (IBAN_LENGTHS[s.slice(0, 2)] !== s.length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits (A = 10 … Z = 35); fold digit by digit to stay in safe integers.
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/**
 * US SSN `AAA-GG-SSSS` with the ranges the SSA never assigns excluded (area 000, 666, 9xx;
 * group 00; serial 0000), so most 3-2-4 digit ids that are not SSNs stay.
 */
export function isUsSsn(s: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(s);
  if (!m) return false;
  const area = Number(m[1]);
  return area !== 0 && area !== 666 && area < 900 && m[2] !== '00' && m[3] !== '0000';
}

/**
 * Addresses that identify no one and so stay readable: loopback, unspecified, broadcast and
 * masks (255.…), and `N.0.0.0` networks, which is also the shape of reduced user-agent versions
 * (`Chrome/120.0.0.0`) when those appear in free text.
 */
export function isNonPersonalIpv4(ip: string): boolean {
  return /^(127\.|0\.0\.0\.0$|255\.|\d+\.0\.0\.0$)/.test(ip);
}

export function isNonPersonalIpv6(ip: string): boolean {
  const s = ip.toLowerCase();
  return s === '::' || s === '::1' || /^(0{1,4}:){7}0{0,3}[01]$/.test(s);
}

/** An IPv6 address by Node's own parser: candidates come from a loose hex-and-colons regex. */
export function isIpv6(s: string): boolean {
  return isIP(s) === 6;
}

/** `Basic` credentials: base64 of `user:password`, so the decoded text must hold a colon. */
export function isBasicCredentials(b64: string): boolean {
  if (b64.length % 4 !== 0) return false;
  const decoded = Buffer.from(b64, 'base64').toString('latin1');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}
