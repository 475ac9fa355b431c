/**
 * Masking (脱敏) of personal fields in every response that has not been unmasked: names as 张*,
 * resident IDs as 4101**********1234, phones as 138****5678. Computed once when a record is written
 * and stored beside the ciphertext, so lists never decrypt anything.
 */

const stars = (n: number) => '*'.repeat(Math.max(1, n));

/** The first character (a surname, or an initial) and a star for each of the others. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 1 ? `${chars[0] ?? ''}*` : `${chars[0]}${stars(chars.length - 1)}`;
}

/** Document numbers: the first 4 and last 4 shown when long enough (an ID's region and its last digits). */
export function maskIdNumber(id: string): string {
  if (id.length >= 12) return `${id.slice(0, 4)}${stars(id.length - 8)}${id.slice(-4)}`;
  if (id.length >= 6) return `${id.slice(0, 1)}${stars(id.length - 3)}${id.slice(-2)}`;
  return stars(id.length);
}

/** Mobiles as 138****5678; landlines keep the area code's first digits and the last two. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return phone.length > 6 ? `${phone.slice(0, 3)}${stars(phone.length - 5)}${phone.slice(-2)}` : stars(phone.length);
}
