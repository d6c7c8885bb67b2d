/**
 * The captcha image: the code drawn from a small bitmap font, scaled up, dark on light,
 * with thin noise lines and dots that do not hide the characters. A person at the demo
 * must be able to read it; the emulator makes no attempt to defeat OCR.
 */
import { PNG } from 'pngjs';

/** The characters a captcha code is drawn from: no 0/O, 1/I/l, nothing easy to confuse. */
export const CAPTCHA_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

// 5x7 glyphs, one string per row, '#' inked.
const FONT: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
};

const SCALE = 4;
const GLYPH_W = 5 * SCALE;
const GLYPH_H = 7 * SCALE;
const ADVANCE = GLYPH_W + 10;
const MARGIN_X = 14;
const MARGIN_Y = 12;
const JITTER = 6;

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [246, 244, 238];
const INKS: readonly Rgb[] = [
  [24, 32, 84],
  [80, 20, 40],
  [20, 64, 40],
  [40, 40, 40],
];
const NOISE: readonly Rgb[] = [
  [190, 184, 205],
  [205, 190, 180],
  [180, 200, 190],
];

/**
 * Draws `code` (characters of CAPTCHA_ALPHABET) as PNG bytes. `random` gives numbers in
 * [0, 1) for the jitter and the noise, so an injected source makes the image reproducible.
 */
export function renderCaptchaPng(code: string, random: () => number): Uint8Array {
  const width = MARGIN_X * 2 + ADVANCE * code.length - (ADVANCE - GLYPH_W);
  const height = MARGIN_Y * 2 + GLYPH_H + JITTER;
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
  const data = png.data;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] ?? list[0]!;
  const plot = (x: number, y: number, [r, g, b]: Rgb): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 4;
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) plot(x, y, BACKGROUND);

  // Noise goes under the glyphs and in light colours, so it never hides a stroke.
  for (let n = 0; n < 5; n++) {
    const colour = pick(NOISE);
    let y = random() * height;
    const slope = (random() - 0.5) * 0.6;
    for (let x = 0; x < width; x++, y += slope) {
      plot(x, Math.round(y), colour);
      plot(x, Math.round(y) + 1, colour);
    }
  }
  for (let n = 0; n < (width * height) / 40; n++) {
    plot(Math.floor(random() * width), Math.floor(random() * height), pick(NOISE));
  }

  [...code].forEach((char, index) => {
    const glyph = FONT[char];
    if (!glyph) throw new RangeError(`No glyph for "${char}"`);
    const ink = pick(INKS);
    const left = MARGIN_X + index * ADVANCE + Math.floor(random() * 4) - 2;
    const top = MARGIN_Y + Math.floor(random() * JITTER);
    glyph.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < SCALE; dy++) {
          for (let dx = 0; dx < SCALE; dx++) plot(left + gx * SCALE + dx, top + gy * SCALE + dy, ink);
        }
      });
    });
  });

  return new Uint8Array(PNG.sync.write(png, { colorType: 2 }));
}
