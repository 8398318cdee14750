import { describe, it, expect, vi, afterEach } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mdsCommand } from '../../../src/cli/mdsCommand.ts';
import { SHARED } from './helpers.ts';

const FIXTURES = resolve(process.cwd(), 'test/fixtures/mds');

/** Run the command, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await mdsCommand(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('icrm mds', () => {
  it('mds ekman.csv --method smacof --type ratio writes label,x,y and ends with stress1=0.1312...', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mds-'));
    const input = join(dir, 'ekman.csv');
    copyFileSync(resolve(SHARED, 'deltas/ekman.csv'), input);
    const out = join(dir, 'coords.csv');
    const r = await run([input, '--method', 'smacof', '--type', 'ratio', '--dims', '2', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    const last = lines[lines.length - 1];
    expect(last).toMatch(/^stress1=0\.131\d+$/);
    expect(Number(last.split('=')[1])).toBeCloseTo(0.1312, 4);
    expect(r.out).toMatch(/random_stress1_mean=/);
    expect(r.err).toMatch(/not Euclidean/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('label,x,y');
    expect(csv.length).toBe(15);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['434', '445', '465', '472', '490', '504', '537', '555', '584', '600', '610', '628', '651', '674']);
    for (const l of csv.slice(1)) for (const v of l.split(',').slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it('mds ekman.csv --method classical prints the eigenvalues and a stress1 line', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mds-')), 'c.csv');
    const r = await run([resolve(SHARED, 'deltas/ekman.csv'), '--method', 'classical', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/classical: eigenvalues/);
    const s1 = Number(r.out.trim().split('\n').pop()!.split('=')[1]);
    expect(s1).toBeGreaterThan(0.1312);
    expect(s1).toBeLessThan(0.3);
  });

  it('mds rect.csv unfolds rectangular input: row points, then column points', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mds-')), 'u.csv');
    const r = await run([join(FIXTURES, 'rect.csv'), '--type', 'ratio', '--benchmark', '0', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rectangular: unfolding/);
    expect(r.out.trim().split('\n').pop()).toMatch(/^stress1=\d/);
    const labels = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(labels).toEqual(['s1', 's2', 's3', 's4', 's5', 'firmA', 'firmB', 'firmC']);
  });

  it('mds bom-missing.csv reads a BOM, an empty corner and a blank cell, and says it symmetrised', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mds-')), 'b.csv');
    const r = await run([join(FIXTURES, 'bom-missing.csv'), '--benchmark', '0', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/not symmetric.*symmetrised/);
    expect(r.err).toMatch(/1 missing dissimilarity was imputed/);
    expect(readFileSync(out, 'utf8').split('\n')[1].startsWith('p,')).toBe(true);
  });

  const broken: [string, RegExp][] = [
    ['broken-cell.csv', /row "b" \(line 3\), column "c": "abc" is not a number\. Fix:/],
    ['negative.csv', /row "b" \(line 3\), column "c": -1\.5 is negative\. Fix:/],
    ['nonsquare.csv', /not square.*column "d" has no row.*Fix:/],
    ['ragged.csv', /row "c" \(line 4\) has 3 value\(s\) but the header has 4.*Fix:/],
    ['constant.csv', /all 12 dissimilarities are equal \(1\).*Fix:/],
    ['two-points.csv', /2 point\(s\); MDS needs at least 3/],
    ['does-not-exist.csv', /does-not-exist\.csv: the file does not exist/],
  ];
  for (const [file, message] of broken) {
    it(`mds ${file} exits 2 with a message naming the file and the problem`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'mds-')), 'x.csv');
      const r = await run([join(FIXTURES, file), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(file);
      expect(r.err).toMatch(message);
    });
  }

  it('mds with bad options exits 2 and explains the option', async () => {
    expect((await run([join(FIXTURES, 'rect.csv'), '--method', 'pca', '--out', 'x.csv'])).err).toMatch(/--method pca/);
    expect((await run([join(FIXTURES, 'rect.csv')])).code).toBe(2);
    expect((await run([join(FIXTURES, 'rect.csv'), '--dims', '0', '--out', 'x.csv'])).code).toBe(2);
    expect((await run([join(FIXTURES, 'rect.csv'), '--bogus', '--out', 'x.csv'])).code).toBe(2);
  });
});
