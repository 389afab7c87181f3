// Draws the app icon (a rising bar chart on a teal tile) as PNGs for the PWA manifest and
// the extension. Run `node scripts/make-icons.mjs` after changing the design; outputs are committed.
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

function png(size, { maskable = false } = {}) {
  const bg = [15, 118, 110, 255];
  const fg = [255, 255, 255, 255];
  const radius = maskable ? 0 : size * 0.18;
  const inset = maskable ? size * 0.2 : size * 0.14; // maskable keeps art inside the safe zone
  const bars = [0.35, 0.55, 0.8];
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      let px = [0, 0, 0, 0];
      const cx = Math.min(x, size - 1 - x), cy = Math.min(y, size - 1 - y);
      const inCorner = cx < radius && cy < radius && (radius - cx) ** 2 + (radius - cy) ** 2 > radius ** 2;
      if (!inCorner) px = bg;
      const inner = size - 2 * inset;
      const barWidth = inner / (bars.length * 2 - 1);
      const bx = x - inset, by = size - inset - y;
      const slot = Math.floor(bx / barWidth);
      if (bx >= 0 && by >= 0 && slot % 2 === 0 && slot / 2 < bars.length && by <= inner * bars[slot / 2]) px = fg;
      row.set(px, 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync('pwa/public/icons', { recursive: true });
mkdirSync('extension/public/icon', { recursive: true });
for (const size of [192, 512]) writeFileSync(`pwa/public/icons/icon-${size}.png`, png(size));
writeFileSync('pwa/public/icons/maskable-512.png', png(512, { maskable: true }));
writeFileSync('pwa/public/icons/apple-touch-icon.png', png(180, { maskable: true }));
for (const size of [16, 32, 48, 128]) writeFileSync(`extension/public/icon/${size}.png`, png(size));
