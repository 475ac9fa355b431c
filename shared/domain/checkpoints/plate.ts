/**
 * Chinese licence plates (GA 36): a province's one-character abbreviation, the issuing office's letter,
 * then five characters (京A12345, with 挂/学/警/港/澳 as the last for trailers, driving schools,
 * police, Hong Kong and Macao vehicles), or six for new-energy vehicles (京AD12345 small, 京A12345D
 * large: D electric, F other new energy). Anything else is kept as free text, marked unchecked, so a
 * temporary, military or foreign plate still gets through the gate's record. Pure.
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Letters on plates: no I or O (they read as 1 and 0). */
const L = 'A-HJ-NP-Z';
const STANDARD = new RegExp(`^[${PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警港澳]$`);
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][${L}](?:[DF][${L}0-9]\\d{4}|\\d{5}[DF])$`);

export type PlateKind = 'standard' | 'new-energy' | 'other';

/** Upper case, no spaces, dots or dashes (京A·12345, 京 A-12345 are 京A12345). */
export const normalisePlate = (text: string) => text.replace(/[\s·.\-•]/g, '').toUpperCase();

export function plateKind(text: string): PlateKind {
  const plate = normalisePlate(text);
  if (NEW_ENERGY.test(plate)) return 'new-energy';
  if (STANDARD.test(plate)) return 'standard';
  return 'other';
}
