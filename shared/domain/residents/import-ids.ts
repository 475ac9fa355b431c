/**
 * What a resident import needs to be re-runnable and lean: ids derived from what they name (a run
 * that stops and runs again writes the same items), and a compact set of fingerprints for the
 * duplicates inside one file (8 bytes a person, not a string each: 210,186 people are ~4 MB).
 */
import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id (26 Crockford characters, the first ≤ 7) derived from `seed`: the same seed, the same id. */
export function derivedUlid(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = CROCKFORD[digest[0] & 7];
  for (let i = 1; i < 26; i++) id += CROCKFORD[digest[i] & 31];
  return id;
}

/** 52 bits of a blind index (base64url HMAC), as a number: equal values, equal fingerprints. */
export function fingerprintOf(blind: string): number {
  const bytes = Buffer.from(blind.slice(0, 12), 'base64url');
  return bytes.readUIntBE(0, 6) * 16 + (bytes[6] >> 4);
}

/**
 * An open-addressing set of fingerprints in one Float64Array (doubling at half full). A false
 * "seen" needs two of a file's people to share 52 bits of an HMAC: n²/2^53 ≈ 5·10^-6 for 210,000 people.
 */
export class FingerprintSet {
  private slots = new Float64Array(1 << 12);
  private count = 0;

  /** Add; true if it was there already. */
  add(fingerprint: number): boolean {
    // 0 marks an empty slot, so 0 is stored as 1 (one more way to collide, as rare as any other).
    const f = fingerprint || 1;
    if (this.count * 2 >= this.slots.length) this.grow();
    const hit = this.place(this.slots, f);
    if (!hit) this.count++;
    return hit;
  }

  get size() {
    return this.count;
  }

  private place(slots: Float64Array, f: number): boolean {
    const mask = slots.length - 1;
    for (let i = f % slots.length; ; i = (i + 1) & mask) {
      if (slots[i] === f) return true;
      if (slots[i] === 0) {
        slots[i] = f;
        return false;
      }
    }
  }

  private grow() {
    const next = new Float64Array(this.slots.length * 2);
    for (const f of this.slots) if (f) this.place(next, f);
    this.slots = next;
  }
}
