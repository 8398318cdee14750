import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });
const WAVES_HEADER =
  'wave,segment,firm,share_of_value,low,high,change_prev,change_prev_low,change_prev_high,significant_prev,change_first,change_first_low,change_first_high,significant_first';
const rows = (path: string) => readFileSync(path, 'utf8').trim().split('\n');
const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));

describe('icrm waves', () => {
  it('writes waves.csv, maps.json and alerts.json for the sample; alerts.json names the planted changes', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-waves-'));
    const r = icrm('waves', 'data/survey.csv', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Note:/);
    expect(r.stdout).toMatch(/^3 waves \(2025-H1, 2025-H2, 2026-H1\), beta 7\.\d{4} calibrated on the pooled waves, 200 bootstrap replicates; congruence with the first wave's map 1\.000, /);
    const lines = rows(join(out, 'waves.csv'));
    expect(lines[0]).toBe(WAVES_HEADER);
    // waves x segments x firms
    expect(lines).toHaveLength(1 + 3 * 5 * 5);
    expect(lines.join('\n')).not.toMatch(/NaN|null|undefined|true|false/);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect([...new Set(cells.map((c) => c[0]))]).toEqual(truth.waves);
    for (const c of cells) {
      expect(Number(c[4])).toBeLessThanOrEqual(Number(c[3]));
      expect(Number(c[5])).toBeGreaterThanOrEqual(Number(c[3]));
      if (c[0] === '2025-H1') expect(c.slice(6)).toEqual(['', '', '', '', '', '', '', '']);
      else {
        expect(['0', '1']).toContain(c[9]);
        expect(['0', '1']).toContain(c[13]);
        expect(c[9]).toBe(Number(c[7]) > 0 || Number(c[8]) < 0 ? '1' : '0');
      }
    }
    const maps = JSON.parse(readFileSync(join(out, 'maps.json'), 'utf8'));
    expect(Object.keys(maps)).toEqual(['beta', 'waves']);
    expect(maps.waves.map((w: { wave: string }) => w.wave)).toEqual(truth.waves);
    expect(maps.waves[0].congruence).toBe(1);
    for (const w of maps.waves) {
      expect(Object.keys(w)).toEqual(['wave', 'congruence', 'points']);
      expect(w.points).toHaveLength(10);
      for (const p of w.points) expect(Object.keys(p)).toEqual(['kind', 'label', 'x', 'y']);
    }
    const alerts = JSON.parse(readFileSync(join(out, 'alerts.json'), 'utf8'));
    for (const a of alerts) expect(Object.keys(a)).toEqual(['kind', 'wave', 'segment', 'firm', 'change', 'low', 'high']);
    const named = alerts.map((a: { kind: string; wave: string; segment: string; firm: string }) => `${a.kind} ${a.wave} ${a.segment} ${a.firm}`);
    for (const c of truth.wave_changes.filter((c: { kind: string }) => c.kind !== 'our-gain')) expect(named).toContain(`${c.kind} ${c.to} ${c.segment} ${c.firm}`);

    // Each wave's shares are `icrm measure --wave W --beta <the pooled beta>`, to the last digit.
    for (const wave of truth.waves) {
      const m = mkdtempSync(join(tmpdir(), 'icrm-waves-measure-'));
      expect(icrm('measure', 'data/survey.csv', '--out', m, '--wave', wave, '--beta', String(maps.beta)).status).toBe(0);
      const measured = rows(join(m, 'segments.csv'))
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[0], c[1], c[6]]);
      expect(cells.filter((c) => c[0] === wave).map((c) => [c[1], c[2], c[3]])).toEqual(measured);
    }
  });

  it('exits 2 naming the wave column when the survey has one wave, and saying so when it has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-waves-'));
    const lines = rows('data/survey.csv');
    const one = join(dir, 'one.csv');
    writeFileSync(one, [lines[0], ...lines.slice(1, 401)].join('\n') + '\n');
    const r1 = icrm('waves', one, '--out', join(dir, 'out'));
    expect(r1.status).toBe(2);
    expect(r1.stderr).toContain('icrm waves: ' + one + ': icrm waves needs at least two waves; the wave column "wave" holds only one (2025-H1)');
    const none = join(dir, 'none.csv');
    writeFileSync(none, lines.slice(0, 401).map((l) => l.split(',').filter((_, j) => j !== 1).join(',')).join('\n') + '\n');
    const r2 = icrm('waves', none, '--out', join(dir, 'out'));
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('needs at least two waves, and the survey has no wave column');
  });

  it('exits 2 naming the option and its value on a bad option', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-waves-'));
    const boot = icrm('waves', 'data/survey.csv', '--out', out, '--bootstrap', 'many');
    expect(boot.status).toBe(2);
    expect(boot.stderr).toBe('icrm waves: --bootstrap many: must be a whole number of 0 or more\n');
    const wave = icrm('waves', 'data/survey.csv', '--out', out, '--wave', '2025-H1');
    expect(wave.status).toBe(2);
    expect(wave.stderr).toContain('--wave 2025-H1: icrm waves measures every wave of the survey; leave --wave out');
    const noOut = icrm('waves', 'data/survey.csv');
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('waves needs --out <dir>, the folder to write waves.csv, maps.json and alerts.json into');
    expect(icrm('help').stdout + icrm('help').stderr).toContain('icrm waves <survey.csv> --out <dir>');
  });
});
