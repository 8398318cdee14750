// A flat beta fit is reported as such, not as calibrated (issue 12 item 11):
// flatBetaFit and flatBetaFitIssues (src/core/measure/shareOfValue.ts), then the survey that gives one.
import { describe, it, expect } from 'vitest';
import { flatBetaFit, flatBetaFitIssues, type BetaFit } from '../../../src/core/measure/shareOfValue.ts';
import { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import { fixture } from '../helpers.ts';

const fit = (beta: number, r2: number): BetaFit => ({ beta, r2, mae: 0.1, respondents: 10, pairs: 20 });

describe('flatBetaFit(fit, 0, 50)', () => {
  for (const [beta, r2, expected] of [
    [7.83, 0.41, null],
    [0.5, 0.02, null],
    [49.9, 0.3, null],
    [7.83, -0.2, { negativeR2: true, edge: null }],
    [0, 0, { negativeR2: false, edge: 'lower' }],
    [5e-7, 0.1, { negativeR2: false, edge: 'lower' }],
    [50, 0.6, { negativeR2: false, edge: 'upper' }],
    [0, -0.05, { negativeR2: true, edge: 'lower' }],
  ] as const)
    it(`beta ${beta}, R² ${r2}: ${JSON.stringify(expected)}`, () => expect(flatBetaFit(fit(beta, r2), 0, 50)).toEqual(expected));
});

describe('flatBetaFitIssues(fit, 0, 50, file)', () => {
  it('says why in words with beta, R² and the bound, and the fix', () => {
    const [i] = flatBetaFitIssues(fit(50, -0.1234), 0, 50, 'survey.csv');
    expect(i).toMatchObject({ severity: 'warning', code: 'beta-fit-flat', file: 'survey.csv', value: '50.000', params: { r2: '-0.123' } });
    expect(i.message).toBe(
      'beta is not calibrated by the data, the fit is flat (R² is -0.123, below 0: share of value fits the observed shares of wallet worse than their average does; the best beta is 50, the upper end of the range: the fit wants a larger value sensitivity than the range allows)',
    );
    expect(i.fix).toMatch(/share-of-wallet \(sow:\) columns.*fix beta.*--beta/);
    expect(flatBetaFitIssues(fit(7, 0.4), 0, 50, 'survey.csv')).toEqual([]);
    expect(flatBetaFitIssues(null, 0, 50, 'survey.csv')).toEqual([]);
  });

  it('hostile/flat-beta.csv: wallet shares that run against value put the best beta at 0 and the measurement warns', async () => {
    const model = new SurveyModel('t');
    const parsed = await model.parse(fixture('hostile/flat-beta.csv'), {}, {});
    const built = model.build(parsed.proposal);
    expect(built.ok).toBe(true);
    expect(built.result?.betaFit).toMatchObject({ beta: 0, r2: 0, respondents: 6, pairs: 12 });
    expect(built.issues.map((i) => [i.code, i.value])).toEqual([['beta-fit-flat', '0.000']]);
    expect(built.issues[0].message).toContain('the best beta is 0, the lower end of the range: value does not explain share of wallet');
  });
});
