import { describe, it, expect, beforeAll } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { EA_FONT, reportPptx } from '../../../src/core/export/pptx.ts';
import { HOSTILE, hostileModel, reportOf, sampleZhModel } from './sample.ts';

const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
const slides = (files: Record<string, string>) =>
  Object.keys(files)
    .filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]))
    .map((k) => files[k]);
/** Each text run: its properties and its text (unescaped). */
const runs = (xml: string) =>
  [...xml.matchAll(/<a:r>(<a:rPr[^>]*?(?:\/>|>.*?<\/a:rPr>))<a:t>([^<]*)<\/a:t><\/a:r>/g)].map((m) => ({
    props: m[1],
    text: m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  }));

describe('reportPptx (Chinese sample)', () => {
  let files: Record<string, string>;
  let bytes: Uint8Array;
  beforeAll(async () => {
    const model = await sampleZhModel();
    bytes = await reportPptx(await reportOf(model, 'zh', { drivers: model.drivers(null, { replicates: 0 }) }));
    files = unzip(bytes);
  });

  it('is compressed (every part deflated) and has a title, a map, one slide per key table and a fit slide', () => {
    expect(bytes.length).toBeLessThan(80_000);
    const s = slides(files);
    expect(s).toHaveLength(6);
    expect(s.slice(2, 5).every((x) => x.includes('<a:tbl>'))).toBe(true);
    const titles = s.map((x) => runs(x)[0].text);
    expect(titles[0]).toBe('竞争性关系：survey_zh.csv');
    expect(titles[1]).toBe('每个细分都离其最强企业最近：可按距离解读地图');
    expect(titles[2]).toMatch(/在市场最有价值的细分 细分3 中领先$/);
    expect(titles[5]).toBe('地图的可信程度');
  });

  it('gives every run lang="zh-CN" and an East Asian font, so Chinese never shows as empty boxes', () => {
    for (const xml of slides(files))
      for (const r of runs(xml)) {
        expect(r.props, r.text).toMatch(/^<a:rPr lang="zh-CN"/);
        expect(r.props, r.text).toContain(`<a:ea typeface="${EA_FONT}"`);
      }
  });

  it('draws the map as native shapes and text boxes: an ellipse per segment, a diamond per firm, arrows for needs, labels as text', () => {
    const map = slides(files)[1];
    expect(map).not.toContain('<p:pic>');
    expect(map.match(/<a:prstGeom prst="ellipse">/g)!.length).toBeGreaterThanOrEqual(5 + 1); // segments and the legend key
    expect(map.match(/<a:prstGeom prst="diamond">/g)!.length).toBeGreaterThanOrEqual(5 + 2);
    expect(map).toMatch(/<a:tailEnd type="triangle"\/>/);
    const texts = runs(map).map((r) => r.text);
    for (const label of ['顶峰', '北辰', '钴蓝', '动力', '常青', '细分1', '细分2', '细分3', '细分4', '细分5', '质量']) expect(texts).toContain(label);
  });
});

describe('reportPptx (hostile labels, English deck)', () => {
  it('holds every label as text, escaped, and marks only the Chinese runs zh-CN', async () => {
    const files = unzip(await reportPptx(await reportOf(await hostileModel(), 'en')));
    const all = slides(files).flatMap(runs);
    for (const label of Object.values(HOSTILE)) expect(all.map((r) => r.text)).toContain(label);
    expect(slides(files).join('')).not.toContain('<img');
    // A run with Chinese in it is Chinese; the English text stays en-US (a table cell split into
    // several runs by autoPage keeps its cell's language, so a few English words may be zh-CN).
    for (const r of all) if (/[\u4e00-\u9fff]/.test(r.text)) expect(r.props, r.text).toMatch(/lang="zh-CN".*<a:ea typeface="Microsoft YaHei"/);
    expect(all.find((r) => r.text === 'The shorter the distance, the stronger the relationship.')!.props).toMatch(/^<a:rPr lang="en-US"/);
  });
});
