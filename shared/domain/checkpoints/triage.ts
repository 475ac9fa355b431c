/**
 * A checkpoint's triage of a vehicle (卡口分流), by the travel-code colour of its occupants: green
 * passes; yellow needs a negative test certificate taken within 48 hours, then passes, else turns
 * back; red is held on site (and the supervisor chain and the destination grid are alerted). Pure.
 */
export type TravelColour = 'green' | 'yellow' | 'red';
export type TriageOutcome = 'passed' | 'turned-back' | 'held';

/** How long a negative test certificate counts (48 h). */
export const CERTIFICATE_HOURS = 48;

export interface Certificate {
  /** When the sample was taken. */
  testedAt: string;
  negative: boolean;
}

/** A certificate that lets a yellow-code vehicle pass at `at`: negative, taken at most 48 h before, not after. */
export function certificateValid(c: Certificate | undefined, at: Date): boolean {
  if (!c?.negative) return false;
  const age = at.getTime() - Date.parse(c.testedAt);
  return age >= 0 && age <= CERTIFICATE_HOURS * 3_600_000;
}

export function triage(colour: TravelColour, certificate: Certificate | undefined, at: Date): TriageOutcome {
  if (colour === 'red') return 'held';
  if (colour === 'yellow') return certificateValid(certificate, at) ? 'passed' : 'turned-back';
  return 'passed';
}
