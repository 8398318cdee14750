import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { reportXlsx } from '../../../src/core/export/xlsx.ts';
import { buildReport, exportLayout } from '../../../src/core/export/report.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { sampleModel } from '../export/sample.ts';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });
const dir = () => mkdtempSync(join(tmpdir(), 'icrm-export-'));

describe('icrm export', () => {
  it("--monitor adds Monitor's latest changes (a sheet in the workbook), and needs two waves", () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-export-'));
    const out = join(dir, 'm.xlsx');
    const r = icrm('export', 'data/survey.csv', '--format', 'xlsx', '--monitor', '--date', '2026-12-02', '--out', out);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const text = Object.values(files).map((b) => strFromU8(b)).join('\n');
    expect(text).toMatch(/Changes in 2026-H1 since 2025-H2: \d+ significant at 95%/);
    const one = icrm('export', 'test/fixtures/hand.csv', '--mapping', 'test/fixtures/hand.mapping.json', '--format', 'xlsx', '--monitor', '--out', out);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain('--monitor needs a survey with two waves or more');
  });

  it('--format zip writes every table as a CSV, as the app does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-export-'));
    const out = join(dir, 't.zip');
    const r = icrm('export', 'data/survey.csv', '--format', 'zip', '--date', '2026-12-02', '--out', out);
    expect(r.status).toBe(0);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(out))));
    expect(names).toEqual(['01-shareOfValue.csv', '02-valuableSegments.csv', '03-fit.csv', '04-map.csv', 'tables.csv']);
  });

  it('--format xlsx writes the same workbook as the app builds from the same core', async () => {
    const out = join(dir(), 'sample.xlsx');
    const r = icrm('export', 'data/survey.csv', '--format', 'xlsx', '--date', '2025-06-30', '--out', out);
    // The sample's third wave has one respondent in S2 and one in S5 who consider no firm: said, not an error.
    expect(r.stderr.split('\n').filter((l) => l && !/considers no firm/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Cobalt leads S3, the market's most valuable segment");
    const model = await sampleModel();
    const m = model.measurement();
    const map = model.map(null, { ...DEFAULT_MAP_SETTINGS, replicates: 0 });
    const app = reportXlsx(buildReport({ measurement: m, map, layout: exportLayout(map, m), lang: 'en', date: '2025-06-30' }));
    // The app's model names the file it read: the same name, so the same bytes.
    expect(new Uint8Array(readFileSync(out))).toEqual(app);
  });

  it('--format pptx --lang zh --drivers writes a Chinese deck with the drivers slide and the user\'s label positions', () => {
    const d = dir();
    const pins = join(d, 'pins.json');
    writeFileSync(pins, JSON.stringify({ 'firm:顶峰': { dx: 0, dy: 120 } }));
    const out = join(d, 'deck.pptx');
    const r = icrm('export', 'data/survey_zh.csv', '--format', 'pptx', '--lang', 'zh', '--drivers', '--labels', pins, '--out', out);
    expect(r.status).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const slides = Object.keys(files).filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k));
    expect(slides).toHaveLength(6);
    const s5 = strFromU8(files['ppt/slides/slide5.xml']);
    expect(s5).toMatch(/对总体评价的驱动作用最大/);
    expect(s5).toContain('lang="zh-CN"');
    expect(r.stdout).toMatch(/^每个细分都离其最强企业最近/);
    // The label's text box sits where the pin put it: about 120 px (1.3 in) below the firm's mark.
    const s2 = strFromU8(files['ppt/slides/slide2.xml']);
    const mark = Number(/name="firm 顶峰".*?<a:off x="\d+" y="(\d+)"\/>/.exec(s2)![1]);
    const label = [...s2.matchAll(/<p:sp>(?:(?!<p:sp>).)*?<a:off x="\d+" y="(\d+)"\/>(?:(?!<p:sp>).)*?<a:t>顶峰<\/a:t>/g)].map((m) => Number(m[1]));
    expect(label).toHaveLength(1);
    expect((label[0] - mark) / 914400).toBeGreaterThan(0.9);
  });

  it('--format svg and --format html write the map with its labels', () => {
    const d = dir();
    expect(icrm('export', 'data/survey_zh.csv', '--format', 'svg', '--lang', 'zh', '--out', join(d, 'map.svg')).status).toBe(0);
    const svg = readFileSync(join(d, 'map.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const label of ['顶峰', '细分3', '距离越短，关系越强。']) expect(svg).toContain(label);
    expect(icrm('export', 'data/survey.csv', '--format', 'html', '--out', join(d, 'map.html')).status).toBe(0);
    const html = readFileSync(join(d, 'map.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('exits 2 with a clear message on a bad format, language, date, label file or a missing --out', () => {
    const d = dir();
    const bad = join(d, 'pins.json');
    writeFileSync(bad, '{"firm:Apex": {"dx": "far"}}');
    const cases: [string[], RegExp][] = [
      [['--format', 'doc', '--out', join(d, 'x')], /--format doc: use one of pptx, xlsx, svg, html/],
      [['--format', 'pptx', '--lang', 'fr', '--out', join(d, 'x')], /--lang fr: use en \(English\) or zh/],
      [['--format', 'pptx'], /no output file\. Fix: add --out <file\.pptx>/],
      [['--out', join(d, 'x')], /no format\. Fix: add --format pptx\|xlsx\|svg\|html/],
      [['--format', 'svg', '--date', '30/06/2025', '--out', join(d, 'x')], /--date 30\/06\/2025: use YYYY-MM-DD/],
      [['--format', 'svg', '--labels', bad, '--out', join(d, 'x')], /"firm:Apex" needs numbers dx and dy/],
    ];
    for (const [args, message] of cases) {
      const r = icrm('export', 'data/survey.csv', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
