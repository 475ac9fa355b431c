const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * A valid ULID from a number, under a time prefix of the demo's own (01JD residents, 01JF testing,
 * 01JG checkpoints …): never a real ULID of today, nor another demo area's.
 */
export function demoUlid(prefix: string, n: number): string {
  let s = '';
  for (let v = n; s.length < 22; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `${prefix}${s}`;
}
