/**
 * exp(x) computed with IEEE double arithmetic only, so that every JavaScript engine gives the same
 * bits: Math.exp is implementation-defined, and Chromium 156 and Node 20 disagree in the last bit
 * for about one argument in ten (measured), which made the app's and the CLI's segments.csv differ
 * at the 17th digit. A port of fdlibm's __ieee754_exp (Sun Microsystems 1993; FreeBSD msun
 * e_exp.c), whose error is under 1 ulp; it is what V8 itself used before it changed libraries.
 */

const HALF = [0.5, -0.5];
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const LN2_HI = [6.93147180369123816490e-1, -6.93147180369123816490e-1];
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TWO_M1000 = 9.33263618503218878990e-302;
const HUGE = 1e300;

// One double seen as two 32-bit words (typed arrays: 2.5x faster than a DataView here); HI is the
// index of the high word in the platform's byte order.
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
f64[0] = 1;
const HI = i32[1] === 0x3ff00000 ? 1 : 0;
const high = (x: number) => {
  f64[0] = x;
  return i32[HI];
};
/** x with k added to its binary exponent (x * 2^k for a normal result). */
const scaleExponent = (x: number, k: number) => {
  f64[0] = x;
  i32[HI] += k << 20;
  return f64[0];
};

/** e^x, the same bits in every engine (see the module comment). */
export function exp(x: number): number {
  let hx = high(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : xsb === 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0,
    lo = 0,
    k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = x - LN2_HI[xsb];
      lo = LN2_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[xsb]);
      hi = x - k * LN2_HI[0];
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (HUGE + x > 1) return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  return k >= -1021 ? scaleExponent(y, k) : scaleExponent(y, k + 1000) * TWO_M1000;
}
