import fc from 'fast-check';

/**
 * Six columns of R's `mtcars` (Henderson & Velleman 1981, Biometrics 37, 391-411; R datasets package),
 * the data of the rwa package's documented relative-weight examples.
 */
export const mtcars = {
  mpg: [21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4],
  cyl: [6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4],
  disp: [160, 160, 108, 258, 360, 225, 360, 146.7, 140.8, 167.6, 167.6, 275.8, 275.8, 275.8, 472, 460, 440, 78.7, 75.7, 71.1, 120.1, 318, 304, 350, 400, 79, 120.3, 95.1, 351, 145, 301, 121],
  hp: [110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109],
  wt: [2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78],
  gear: [4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4],
};

export const ones = mtcars.mpg.map(() => 1);

/**
 * A random valid joint correlation matrix of P predictors and a target: C = A A' + 0.05 I from a
 * (P + 1) x (P + 3) matrix A with entries in [-1, 1], scaled to unit diagonal; split into Rxx and rxy.
 */
export const correlationArb = (maxP = 8) =>
  fc.integer({ min: 1, max: maxP }).chain((P) =>
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: (P + 1) * (P + 3), maxLength: (P + 1) * (P + 3) }).map((a) => {
      const V = P + 1,
        K = P + 3;
      const c = new Float64Array(V * V);
      for (let i = 0; i < V; i++)
        for (let j = 0; j < V; j++) {
          let s = i === j ? 0.05 : 0;
          for (let k = 0; k < K; k++) s += a[i * K + k] * a[j * K + k];
          c[i * V + j] = s;
        }
      const rxx = new Float64Array(P * P);
      const rxy = new Float64Array(P);
      const r = (i: number, j: number) => c[i * V + j] / Math.sqrt(c[i * V + i] * c[j * V + j]);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) rxx[i * P + j] = i === j ? 1 : r(i, j);
        rxy[i] = r(i, P);
      }
      return { P, rxx, rxy };
    }),
  );
