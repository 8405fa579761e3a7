import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

// Draws the app icons (a plotted stroke on the theme blue) as PNGs with no image library:
// run `npx node scripts/draw-pwa-icons.ts` after changing the drawing; the PNGs are
// committed in apps/pwa/public.

const BACKGROUND = [0x1d, 0x4e, 0xd8] as const;
const INK = [0xff, 0xff, 0xff] as const;

/** The stroke in a 0..1 square: a pen path the way a plotter would draw it. */
const STROKE: ReadonlyArray<readonly [number, number]> = [
  [0.2, 0.68],
  [0.32, 0.36],
  [0.44, 0.64],
  [0.56, 0.34],
  [0.68, 0.62],
  [0.8, 0.32],
];

function distanceToSegment(px: number, py: number, a: readonly number[], b: readonly number[]) {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function drawIcon(sizePx: number): Buffer {
  const halfWidth = 0.045 * sizePx;
  const rows: Buffer[] = [];
  for (let y = 0; y < sizePx; y++) {
    const row = Buffer.alloc(1 + sizePx * 3); // filter byte 0 (none), then RGB
    for (let x = 0; x < sizePx; x++) {
      let d = Number.POSITIVE_INFINITY;
      for (let i = 1; i < STROKE.length; i++) {
        const a = STROKE[i - 1]!.map((v) => v * sizePx);
        const b = STROKE[i]!.map((v) => v * sizePx);
        d = Math.min(d, distanceToSegment(x + 0.5, y + 0.5, a, b));
      }
      const ink = Math.max(0, Math.min(1, halfWidth - d + 0.5)); // one pixel of anti-aliasing
      for (let c = 0; c < 3; c++)
        row[1 + x * 3 + c] = Math.round(BACKGROUND[c]! * (1 - ink) + INK[c]! * ink);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(sizePx, 0);
  header.writeUInt32BE(sizePx, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

// PNG's CRC-32 (ISO 3309), PNG specification section 5.5.
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

for (const sizePx of [192, 512]) {
  const path = new URL(`../apps/pwa/public/icon-${sizePx}.png`, import.meta.url);
  writeFileSync(path, drawIcon(sizePx));
  console.log(`wrote ${path.pathname}`);
}
