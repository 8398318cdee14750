// The zoom-in classifier (src/core/database/classifier.ts): a hand-worked naive Bayes case, the
// exact rule, value mapping, prior adaptation, and cross-validation on the sample survey.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import {
  adaptPriors,
  crossValidate,
  looseKey,
  mapValues,
  scoreCodes,
  trainClassifier,
  unmappedIssues,
  type CodedColumn,
} from '../../../src/core/database/classifier.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { rng, pick } from '../../../src/core/random.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { expectClose } from '../helpers.ts';

// Six respondents, segments A and B, two profile columns (color: red/blue, size: S/L):
//   #  segment color size weight
//   1  A       red   S    1
//   2  A       red   L    1
//   3  A       blue  S    2
//   4  B       blue  L    1
//   5  B       blue  S    1
//   6  B       red   -    1      (size blank)
const hand = {
  columns: [
    { name: 'color', labels: ['red', 'blue'], codes: Int32Array.from([0, 0, 1, 1, 1, 0]) },
    { name: 'size', labels: ['S', 'L'], codes: Int32Array.from([0, 1, 0, 1, 0, -1]) },
  ] satisfies CodedColumn[],
  segment: Int32Array.from([0, 0, 0, 1, 1, 1]),
  labels: ['A', 'B'],
  weight: Float64Array.from([1, 1, 2, 1, 1, 1]),
};

describe('trainClassifier(hand case, {alpha: 1})', () => {
  const model = trainClassifier(hand.columns, hand.segment, hand.labels, { weight: hand.weight });
  const lik = (j: number, v: number, s: number) => Math.exp(model.columns[j].logLik[v * 2 + s]);

  it('takes the priors from the weighted segment sizes: A 1+1+2 = 4, B 1+1+1 = 3, of 7', () => {
    expectClose(Math.exp(model.logPrior[0]), 4 / 7, 1e-15);
    expectClose(Math.exp(model.logPrior[1]), 3 / 7, 1e-15);
    expect(model.respondents).toBe(6);
    expect(model.weight).toBe(7);
  });

  it('smooths the weighted counts by Laplace: (count + 1) / (total + 1 * 2 labels)', () => {
    // color | A: red 1+1 = 2, blue 2, total 4 -> red (2+1)/(4+2) = 1/2, blue (2+1)/6 = 1/2
    //       | B: red 1, blue 1+1 = 2, total 3 -> red (1+1)/(3+2) = 2/5, blue (2+1)/5 = 3/5
    expectClose(lik(0, 0, 0), 1 / 2, 1e-15);
    expectClose(lik(0, 1, 0), 1 / 2, 1e-15);
    expectClose(lik(0, 0, 1), 2 / 5, 1e-15);
    expectClose(lik(0, 1, 1), 3 / 5, 1e-15);
    // size  | A: S 1+2 = 3, L 1, total 4 -> S (3+1)/6 = 2/3, L (1+1)/6 = 1/3
    //       | B: S 1, L 1, total 2 (#6 is blank and left out) -> S 2/4, L 2/4
    expectClose(lik(1, 0, 0), 2 / 3, 1e-15);
    expectClose(lik(1, 1, 0), 1 / 3, 1e-15);
    expectClose(lik(1, 0, 1), 1 / 2, 1e-15);
    expectClose(lik(1, 1, 1), 1 / 2, 1e-15);
  });

  it('scores customers by Bayes, leaving a blank or unmapped column out', () => {
    // (red, L):   A 4/7 * 1/2 * 1/3 = 2/21 = 10/105; B 3/7 * 2/5 * 1/2 = 3/35 = 9/105 -> P(A) = 10/19
    // (blue, S):  A 4/7 * 1/2 * 2/3 = 4/21 = 40/210; B 3/7 * 3/5 * 1/2 = 9/70 = 27/210 -> P(A) = 40/67
    // (red, -):   A 4/7 * 1/2 = 10/35;  B 3/7 * 2/5 = 6/35 -> P(A) = 10/16 = 5/8
    // (-, -):     the priors, P(A) = 4/7
    const color = Int32Array.from([0, 1, 0, -1]);
    const size = Int32Array.from([1, 0, -1, -1]);
    const { prob, best, byRule } = scoreCodes(model, [color, size], 4);
    const expected = [10 / 19, 40 / 67, 5 / 8, 4 / 7];
    expected.forEach((pA, i) => {
      expectClose(prob[i * 2], pA, 1e-15);
      expectClose(prob[i * 2 + 1], 1 - pA, 1e-15);
      expect(best[i]).toBe(0);
    });
    expect([...byRule]).toEqual([0, 0, 0, 0]);
    expect(model.rule).toBeNull();
  });

  it('uses alpha as given: alpha = 0.5 gives P(red | B) = (1 + 0.5) / (3 + 0.5 * 2) = 3/8', () => {
    const m = trainClassifier(hand.columns, hand.segment, hand.labels, { weight: hand.weight, alpha: 0.5 });
    expectClose(Math.exp(m.columns[0].logLik[0 * 2 + 1]), 3 / 8, 1e-15);
  });

  it('counts every respondent once without weights: priors 3/6 and 3/6', () => {
    const m = trainClassifier(hand.columns, hand.segment, hand.labels);
    expectClose(Math.exp(m.logPrior[0]), 0.5, 1e-15);
  });

  it('rejects alpha <= 0 and a column of the wrong length, naming the value', () => {
    expect(() => trainClassifier(hand.columns, hand.segment, hand.labels, { alpha: 0 })).toThrow(/alpha must be a number above 0, got 0/);
    expect(() => trainClassifier([{ name: 'x', labels: ['a'], codes: new Int32Array(2) }], hand.segment, hand.labels)).toThrow(/"x" has 2 codes for 6/);
  });
});

/** A survey where the segment is exactly industry x region (plus a noise column), seeded. */
function ruleSurvey(n: number, seed: number) {
  const r = rng(seed);
  const industry = new Int32Array(n);
  const region = new Int32Array(n);
  const size = new Int32Array(n);
  const segment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    industry[i] = pick(r, [1, 1]);
    region[i] = pick(r, [1, 1, 0]); // 'East' is a label nobody in the survey has
    size[i] = pick(r, [1, 1, 1]);
    segment[i] = industry[i] === 1 ? 2 : region[i]; // M-North S1, M-South S2, Chemicals S3
  }
  const columns: CodedColumn[] = [
    { name: 'size', labels: ['small', 'mid', 'large'], codes: size },
    { name: 'industry', labels: ['Manufacturing', 'Chemicals'], codes: industry },
    { name: 'region', labels: ['North', 'South', 'East'], codes: region },
  ];
  return { columns, segment, labels: ['S1', 'S2', 'S3'] };
}

describe('the exact rule', () => {
  const s = ruleSurvey(300, 7);
  const model = trainClassifier(s.columns, s.segment, s.labels);

  it('is found on the smallest set of columns that determines the segment (industry, region)', () => {
    expect(model.rule).not.toBeNull();
    expect(model.rule!.columns).toEqual([1, 2]);
    expect(model.rule!.table).toEqual([
      { codes: [0, 0], segment: 0 },
      { codes: [0, 1], segment: 1 },
      { codes: [1, 0], segment: 2 },
      { codes: [1, 1], segment: 2 },
    ]);
  });

  it('gives probability 1 to a seen combination and falls back to naive Bayes for an unseen one', () => {
    // (any size, Manufacturing, South) -> S2 by rule; (Manufacturing, East) never seen -> Bayes
    const { prob, best, byRule } = scoreCodes(model, [Int32Array.from([2, 0]), Int32Array.from([0, 0]), Int32Array.from([1, 2])], 2);
    expect([...prob.slice(0, 3)]).toEqual([0, 1, 0]);
    expect(best[0]).toBe(1);
    expect([...byRule]).toEqual([1, 0]);
    expect(prob[3] + prob[4] + prob[5]).toBeCloseTo(1, 12);
    expect(Math.max(prob[3], prob[4], prob[5])).toBeLessThan(1);
  });

  it('is not taken when combinations are seen too rarely (ruleSupport), nor when switched off', () => {
    const small = ruleSurvey(300, 7);
    expect(trainClassifier(small.columns, small.segment, small.labels, { ruleSupport: 200 }).rule).toBeNull();
    expect(trainClassifier(small.columns, small.segment, small.labels, { rule: 'off' }).rule).toBeNull();
  });

  it('cross-validates to accuracy 1', () => {
    const cv = crossValidate(s.columns, s.segment, s.labels, { folds: 5, seed: 3 });
    expect(cv.accuracy).toBe(1);
  });
});

describe('mapValues(dbValues, surveyLabels, explicit)', () => {
  const labels = ['Manufacturing', 'Chemicals', 'Food & Beverage', 'North'];

  it('maps by the explicit map first, then exactly, then ignoring case and spaces', () => {
    const m = mapValues(['制造业', 'Chemicals', ' food &  BEVERAGE ', 'Ｎｏｒｔｈ', 'Mining', ''], labels, { 制造业: 'Manufacturing' });
    expect([...m.index]).toEqual([0, 1, 2, 3, -1, -1]);
    expect(m.how).toEqual(['explicit', 'exact', 'loose', 'loose', null, null]);
    expect(m.unmapped).toEqual(['Mining', '']);
  });

  it('reads explicit keys and targets loosely too, and reports a target that is not a label', () => {
    const m = mapValues(['化工 ', '建筑'], labels, { 化工: 'chemicals', 建筑: 'Construction' }, 'industry');
    expect([...m.index]).toEqual([1, -1]);
    expect(m.issues).toHaveLength(1);
    expect(m.issues[0]).toMatchObject({ code: 'map-target-unknown', column: 'industry', value: '建筑' });
  });

  it('leaves a value unmapped when it loosely matches two labels', () => {
    const m = mapValues(['north'], ['North', 'NORTH'], {});
    expect([...m.index]).toEqual([-1]);
    expect(m.issues[0].code).toBe('map-ambiguous');
  });

  it('counts the customers of each unmapped value in a warning, and skips blanks', () => {
    const values = ['Mining', 'Chemicals', ''];
    const issues = unmappedIssues('industry', values, mapValues(values, labels), [12, 40, 3]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'unmapped-value', column: 'industry', value: 'Mining' });
    expect(issues[0].message).toMatch(/^12 customers have "Mining"/);
  });

  it('looseKey folds width, case and white space', () => {
    expect(looseKey(' Food\u3000& Beverage ')).toBe(looseKey('food&beverage'));
  });
});

describe('adaptPriors(model, combinations)', () => {
  it('recovers the segment mix of a database drawn from the model with other priors (Saerens et al. 2002)', () => {
    const model = trainClassifier(hand.columns, hand.segment, hand.labels, { weight: hand.weight });
    // Expected customer counts per (color, size) when 10% are A and 90% B, under the model's likelihoods.
    const lik = (j: number, v: number, s: number) => Math.exp(model.columns[j].logLik[v * 2 + s]);
    const codes = [Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1])];
    const counts = Float64Array.from([0, 1, 2, 3], (c) => 10_000 * (0.1 * lik(0, codes[0][c], 0) * lik(1, codes[1][c], 0) + 0.9 * lik(0, codes[0][c], 1) * lik(1, codes[1][c], 1)));
    const a = adaptPriors(model, { codes, counts });
    expect(a.converged).toBe(true);
    expectClose(a.databasePriors[0], 0.1, 1e-6);
    expectClose(a.marketPriors[0], 4 / 7, 1e-15);
    expect(a.model.columns).toBe(model.columns);
  });
});

describe('scoreCodes properties (fast-check, fixed seed)', () => {
  it('probabilities sum to 1 and do not depend on the order of the columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 1 }), fc.double({ min: 0.1, max: 3, noNaN: true })), {
          minLength: 4,
          maxLength: 40,
        }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (rows, alpha) => {
          const segment = Int32Array.from(rows, (r) => r[0]);
          const a: CodedColumn = { name: 'a', labels: ['x', 'y', 'z'], codes: Int32Array.from(rows, (r) => r[1]) };
          const b: CodedColumn = { name: 'b', labels: ['u', 'v'], codes: Int32Array.from(rows, (r) => r[2]) };
          const weight = Float64Array.from(rows, (r) => r[3]);
          const m1 = trainClassifier([a, b], segment, ['S1', 'S2', 'S3'], { weight, alpha, rule: 'off' });
          const m2 = trainClassifier([b, a], segment, ['S1', 'S2', 'S3'], { weight, alpha, rule: 'off' });
          const n = rows.length;
          const s1 = scoreCodes(m1, [a.codes, b.codes], n);
          const s2 = scoreCodes(m2, [b.codes, a.codes], n);
          for (let i = 0; i < n; i++) {
            let sum = 0;
            for (let k = 0; k < 3; k++) {
              sum += s1.prob[i * 3 + k];
              expectClose(s1.prob[i * 3 + k], s2.prob[i * 3 + k], 1e-12);
            }
            expectClose(sum, 1, 1e-12);
          }
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });
});

describe('crossValidate on the sample survey (industry, size_band, region)', () => {
  let survey: Survey;
  beforeAll(async () => {
    survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
  });

  it('is well above chance, with a confusion matrix that adds up to the weighted respondents', () => {
    const cv = crossValidate(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight, folds: 5, seed: 1 });
    // data/README.md: naive Bayes 5-fold about 65%; chance (largest class) about 23% weighted.
    expect(cv.accuracy).toBeGreaterThan(0.6);
    expect(cv.chance).toBeLessThan(0.3);
    expect(cv.accuracy - cv.chance).toBeGreaterThan(0.3);
    const total = survey.weight.reduce((a, b) => a + b, 0);
    expectClose(cv.confusion.reduce((a, b) => a + b, 0), total, 1e-9);
    let diagonal = 0;
    for (let k = 0; k < 5; k++) diagonal += cv.confusion[k * 5 + k];
    expectClose(diagonal / total, cv.accuracy, 1e-12);
    expect(cv.respondents).toBe(4800);
    // The same seed gives the same folds.
    expect(crossValidate(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight, seed: 1 }).accuracy).toBe(cv.accuracy);
  });

  it('rejects folds outside 2..n', () => {
    expect(() => crossValidate(survey.profiles, survey.segment!, survey.segmentLabels, { folds: 1 })).toThrow(/folds must be an integer from 2 to 4800 .*, got 1/);
  });
});
