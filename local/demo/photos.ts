/**
 * The demo's photos (现场照片, 整改照片): small PNG pictures drawn here in code — a shop front with
 * its sign and door, a notice or a rectified spot in green — stored as the API stores an upload: the
 * photo's record through the `photos` repository (venue, inspection or problem named) and its bytes
 * in the photo store (`Deps.photos`). A few dozen per town at most, so the first start stays quick.
 * Deterministic: every picture and id comes from a PRNG seeded by what it shows.
 */
import { deflateSync } from 'node:zlib';
import { ulid } from 'ulid';
import type { Actor } from '../../shared/domain/actor';
import type { TenantData } from '../../shared/data/tenant-data';
import type { PhotoStore } from '../../shared/photos/store';
import { prng, seedOf } from '../../shared/prng';

/** At most this many photos a town, by what they document. */
const LIMITS = { inspection: 12, rectification: 8 } as const;
const WIDTH = 96;
const HEIGHT = 72;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

type Rgb = readonly [number, number, number];

/** A truecolour PNG of `paint(x, y)`. */
export function png(width: number, height: number, paint: (x: number, y: number) => Rgb): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]));
}

const WALLS: Rgb[] = [[214, 204, 186], [190, 198, 206], [226, 214, 198], [200, 190, 170]];
const SIGNS: Rgb[] = [[190, 30, 36], [30, 90, 160], [20, 120, 80], [210, 120, 20]];

/** A shop front: wall, sign band with a stripe of "text", door, window; a rectification adds a green notice by the door. */
function shopFront(seed: string, rectified: boolean): Uint8Array {
  const r = prng(seedOf(seed));
  const wall = r.pick(WALLS);
  const sign = r.pick(SIGNS);
  const door = { x: r.int(10, 40), w: r.int(16, 24) };
  const win = { x: door.x + door.w + r.int(6, 12), w: r.int(18, 28) };
  return png(WIDTH, HEIGHT, (x, y) => {
    if (y < 16) return y > 6 && y < 10 && x % 7 < 5 && x > 8 && x < WIDTH - 8 ? [250, 230, 120] : sign;
    if (y >= HEIGHT - 6) return [120, 120, 120];
    if (x >= door.x && x < door.x + door.w && y >= 28) return [70, 60, 50];
    if (x >= win.x && x < win.x + win.w && y >= 28 && y < 52) return (x + y) % 9 === 0 ? [220, 235, 245] : [150, 185, 210];
    if (rectified && x >= door.x - 10 && x < door.x - 2 && y >= 30 && y < 42) return [40, 160, 70];
    return wall;
  });
}

export interface DemoPhotos {
  /**
   * A photo of the venue for an inspection or a problem's rectification, stored as an upload by
   * `by`, or undefined once the town has its share of that kind (or now and then, by `seed`).
   */
  take(use: { kind: 'inspection' | 'rectification'; venueId: string; inspectionId?: string; problemId?: string }, by: Actor, at: Date, seed: string): Promise<string | undefined>;
}

export function demoPhotos(data: TenantData, store: PhotoStore): DemoPhotos {
  const taken = { inspection: 0, rectification: 0 };
  const content = store.content;
  if (!content) throw new Error('the demo stores its photos on this machine: a photo store with content');
  return {
    async take(use, by, at, seed) {
      const r = prng(seedOf(`${seed}/photo`));
      if (taken[use.kind] >= LIMITS[use.kind] || !r.chance(0.6)) return undefined;
      taken[use.kind]++;
      const bytes = shopFront(seed, use.kind === 'rectification');
      const id = ulid(at.getTime(), r.next);
      const { kind: _, ...named } = use;
      await data.photos.create({ id, ...named, contentType: 'image/png', size: bytes.length }, by.userId, at);
      await content.put({ tenantId: data.tenantId, photoId: id }, bytes);
      return id;
    },
  };
}
