// Colour blindness simulated, for the palette test (src/lib/palettes.ts): what each palette looks
// like with protanopia, deuteranopia and tritanopia, and how far apart its colours stay.
export type Cvd = 'protanopia' | 'deuteranopia' | 'tritanopia';

/** Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB. */
const MACHADO: Record<Cvd, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** A `#rrggbb` colour as CIELAB (D65), as seen with normal vision or the given deficiency. */
export function simulateCvd(hex: string, cvd: Cvd | null): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = (cvd ? MACHADO[cvd].map((row) => row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]) : rgb).map((v) => Math.min(1, Math.max(0, v)));
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** The least CIE76 distance between two colours of `palette` as seen with `cvd` (null = normal vision). */
export function leastDistance(palette: readonly string[], cvd: Cvd | null): number {
  const lab = palette.map((c) => simulateCvd(c, cvd));
  let min = Infinity;
  for (let i = 0; i < lab.length; i++)
    for (let j = i + 1; j < lab.length; j++) min = Math.min(min, Math.hypot(lab[i][0] - lab[j][0], lab[i][1] - lab[j][1], lab[i][2] - lab[j][2]));
  return min;
}
