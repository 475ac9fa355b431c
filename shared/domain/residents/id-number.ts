/**
 * Identity documents of residents (证件): the 18-digit resident ID card (居民身份证, GB 11643-1999,
 * with its ISO 7064 MOD 11-2 check character), passports and the permits of Hong Kong, Macao and
 * Taiwan residents. Pure: normalising, validating, and what a resident ID says (birth date, gender).
 */
import * as z from 'zod';

export const ID_TYPES = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit'] as const;
export const IdType = z.enum(ID_TYPES);
export type IdType = z.infer<typeof IdType>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character GB 11643 gives the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Spaces and dashes dropped, letters upper-cased (a lower-case x is the same check character). */
export const normaliseIdNumber = (value: string) => value.replace(/[\s-]/g, '').toUpperCase();

/** The birth date (YYYY-MM-DD) inside an 18-digit resident ID, if it is a calendar date. */
export function residentIdBirthDate(id: string): string | undefined {
  const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(date)) return undefined;
  return date;
}

/** The 17th digit: odd for men, even for women. */
export const residentIdGender = (id: string): 'male' | 'female' => (Number(id[16]) % 2 === 1 ? 'male' : 'female');

/** What can be wrong with a document number; the web app words each kind (`idNumber.<kind>`). */
const ID_PROBLEMS = {
  format: '18 characters: 17 digits and a check digit (0–9 or X)',
  birthDate: 'the birth date in it is not a real date',
  checkDigit: 'the check digit does not match (GB 11643)',
  passport: '5–17 letters and digits',
  hkMacao: 'H or M and 8 or 10 digits',
  taiwan: '8 or 10 digits',
} as const;
export type IdNumberProblemKind = keyof typeof ID_PROBLEMS;

/** The kind of a problem `idNumberProblem` described. */
export const idNumberProblemKind = (problem: string): IdNumberProblemKind | undefined =>
  (Object.keys(ID_PROBLEMS) as IdNumberProblemKind[]).find((kind) => ID_PROBLEMS[kind] === problem);

/** Why a (normalised) document number is not valid for its type, or undefined if it is. */
export function idNumberProblem(type: IdType, id: string, today?: string): string | undefined {
  switch (type) {
    case 'resident-id': {
      if (!/^\d{17}[\dX]$/.test(id)) return ID_PROBLEMS.format;
      const born = residentIdBirthDate(id);
      if (!born || born < '1900-01-01' || (today !== undefined && born > today)) return ID_PROBLEMS.birthDate;
      if (residentIdCheckChar(id) !== id[17]) return ID_PROBLEMS.checkDigit;
      return undefined;
    }
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(id) ? undefined : ID_PROBLEMS.passport;
    case 'hk-macao-permit':
      return /^[HM]\d{8}(\d{2})?$/.test(id) ? undefined : ID_PROBLEMS.hkMacao;
    case 'taiwan-permit':
      return /^\d{8}(\d{2})?$/.test(id) ? undefined : ID_PROBLEMS.taiwan;
  }
}

/** Mobile (1xx xxxx xxxx) or landline with area code; +86 / 0086 and separators dropped. */
export function normalisePhone(value: string): string {
  return value.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
}

export function phoneProblem(phone: string): string | undefined {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{9,11}$/.test(phone) ? undefined : 'a mobile number (11 digits) or a landline with its area code';
}
