/**
 * Seeded pseudo-random numbers, so that every generator, bootstrap and k-means start reproduces.
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, good enough for sampling.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
export function normal(r: Rng, mean = 0, sd = 1): number {
  let u = 0;
  while (u === 0) u = r();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Index drawn with probability proportional to `weights` (non-negative, not all 0). */
export function pick(r: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let u = r() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
