/**
 * An editable PowerPoint deck of a report, with pptxgenjs (MIT; the one maintained PPTX writer for
 * both browsers and Node). The map is drawn as native shapes (ellipses for segments, diamonds for
 * firms, lines and arrows, text boxes for labels where the user placed them), never a picture, so a
 * consultant can move a label or restyle a mark in PowerPoint. One idea per slide, its title stating it.
 *
 * Chinese: every text run carries `lang` and a font with an East Asian slot. pptxgenjs writes the
 * run's `fontFace` into `<a:latin>`, `<a:ea>` and `<a:cs>` alike, so a run with Chinese text gets a
 * CJK font for all three (its Latin glyphs are fine) and `lang="zh-CN"`; PowerPoint for Mac,
 * LibreOffice and Google Slides then pick a CJK fallback when that font is missing, instead of empty boxes.
 */
import PptxGenJS from 'pptxgenjs';
import { unzipSync, zipSync } from 'fflate';
import type { Report } from './report.ts';
import { cellText } from './cellText.ts';

/** The East Asian font named in Chinese runs: on every Windows since Vista, and mapped to a CJK font elsewhere. */
export const EA_FONT = 'Microsoft YaHei';
export const LATIN_FONT = 'Arial';

const HAN = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

// A fixed time in the zip entries, so the same report gives the same bytes.
const MTIME = new Date(Date.UTC(2000, 0, 1));

// LAYOUT_WIDE: 13.333 x 7.5 inches.
const W = 13.333;
const INK = '1C2430';
const MUTED = '5D6B7C';
const BLUE = '1F5FA8';
const AMBER = 'D97706';

/** The deck's bytes (a .pptx zip, compressed). */
export async function reportPptx(report: Report): Promise<Uint8Array> {
  const zh = report.lang === 'zh';
  // Language and font of one run: the deck's language, and Chinese for any run with Chinese text in it.
  const run = (text: string) => (zh || HAN.test(text) ? { lang: 'zh-CN', fontFace: EA_FONT } : { lang: 'en-US', fontFace: LATIN_FONT });

  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = report.title;
  pptx.company = 'ICRM Strategy Sandbox';
  pptx.theme = zh ? { headFontFace: EA_FONT, bodyFontFace: EA_FONT } : { headFontFace: LATIN_FONT, bodyFontFace: LATIN_FONT };

  const title = (slide: PptxGenJS.Slide, text: string) =>
    slide.addText(text, { x: 0.4, y: 0.25, w: W - 0.8, h: 0.7, fontSize: 24, bold: true, color: INK, valign: 'top', fit: 'shrink', ...run(text) });
  const footer = (slide: PptxGenJS.Slide) => slide.addText(`${report.source} · ${report.date}`, { x: 0.4, y: 7.05, w: W - 0.8, h: 0.3, fontSize: 9, color: MUTED, ...run(report.source) });

  // 1. Title.
  {
    const s = pptx.addSlide();
    s.addText(report.title, { x: 0.8, y: 2.3, w: W - 1.6, h: 1.2, fontSize: 34, bold: true, color: INK, ...run(report.title) });
    s.addText(report.subtitle, { x: 0.8, y: 3.6, w: W - 1.6, h: 0.5, fontSize: 18, color: MUTED, ...run(report.subtitle) });
    s.addText(report.rule, { x: 0.8, y: 4.2, w: W - 1.6, h: 0.5, fontSize: 16, color: BLUE, ...run(report.rule) });
    footer(s);
  }

  // 2. The map as native shapes.
  {
    const s = pptx.addSlide();
    title(s, report.map.title);
    s.addText(report.rule, { x: 0.4, y: 0.9, w: W - 0.8, h: 0.3, fontSize: 12, color: MUTED, ...run(report.rule) });
    const L = report.map.layout;
    const x0 = 0.4,
      y0 = 1.3;
    const k = Math.min(9.2 / L.width, 5.6 / L.height); // inches per pixel
    const X = (px: number) => x0 + px * k;
    const Y = (py: number) => y0 + py * k;
    const pt = (px: number) => px * k * 72; // pixels of the layout as points of type
    s.addShape('rect', { x: x0, y: y0, w: L.width * k, h: L.height * k, fill: { color: 'FBFCFD' }, line: { color: 'DDE3EA', width: 0.75 } });
    const line = (x1: number, y1: number, x2: number, y2: number, o: { color: string; width: number; dash?: 'dash'; arrow?: boolean }) =>
      s.addShape('line', {
        x: X(Math.min(x1, x2)),
        y: Y(Math.min(y1, y2)),
        w: Math.max(Math.abs(x2 - x1) * k, 0.001),
        h: Math.max(Math.abs(y2 - y1) * k, 0.001),
        flipH: x2 < x1,
        flipV: y2 < y1,
        line: { color: o.color, width: o.width, ...(o.dash ? { dashType: o.dash } : {}), ...(o.arrow ? { endArrowType: 'triangle' as const } : {}) },
      });
    for (const v of L.needs) line(v.x1, v.y1, v.x2, v.y2, { color: '8A94A3', width: 1.25, arrow: true });
    for (const l of L.leaders) line(l.x1, l.y1, l.x2, l.y2, { color: MUTED, width: 1, dash: 'dash' });
    for (const p of L.points) if (p.moved) line(p.sx, p.sy, p.tx, p.ty, { color: BLUE, width: 0.75 });
    // Segments under firms, as on screen, so a firm's mark is never covered.
    for (const p of L.points)
      if (p.kind === 'segment')
        s.addShape('ellipse', { x: X(p.sx - p.r), y: Y(p.sy - p.r), w: 2 * p.r * k, h: 2 * p.r * k, fill: { color: BLUE, transparency: 78 }, line: { color: BLUE, width: 1 }, objectName: `segment ${p.label}` });
    for (const p of L.points)
      if (p.kind === 'firm')
        s.addShape('diamond', { x: X(p.sx - p.r), y: Y(p.sy - p.r), w: 2 * p.r * k, h: 2 * p.r * k, fill: { color: p.us ? AMBER : INK }, line: { color: 'FFFFFF', width: 0.5 }, objectName: `firm ${p.label}` });
    for (const v of L.needs)
      if (v.label)
        s.addText(v.need, { x: X(v.label.x), y: Y(v.label.y), w: v.label.width * k * 1.15, h: v.label.height * k, fontSize: pt(11), color: MUTED, margin: 0, valign: 'middle', wrap: false, ...run(v.need) });
    // Labels where the layout (and the user's dragging) put them; a little wider than estimated, since fonts differ.
    for (const l of L.labels)
      s.addText(l.text, { x: X(l.x + 3), y: Y(l.y), w: l.width * k * 1.2, h: l.height * k, fontSize: pt(13), color: INK, margin: 0, valign: 'middle', wrap: false, ...run(l.text) });

    // Legend and the fit beside the map.
    const lx = x0 + L.width * k + 0.3,
      lw = W - lx - 0.3;
    s.addShape('ellipse', { x: lx, y: 1.45, w: 0.18, h: 0.18, fill: { color: BLUE, transparency: 78 }, line: { color: BLUE, width: 1 } });
    s.addText(report.legend.segment, { x: lx + 0.28, y: 1.38, w: lw - 0.28, h: 0.32, fontSize: 11, color: INK, margin: 0, ...run(report.legend.segment) });
    s.addShape('diamond', { x: lx, y: 1.85, w: 0.18, h: 0.18, fill: { color: INK } });
    s.addText(report.legend.firm, { x: lx + 0.28, y: 1.78, w: lw - 0.28, h: 0.32, fontSize: 11, color: INK, margin: 0, ...run(report.legend.firm) });
    s.addShape('diamond', { x: lx, y: 2.25, w: 0.18, h: 0.18, fill: { color: AMBER } });
    s.addText(report.legend.us, { x: lx + 0.28, y: 2.18, w: lw - 0.28, h: 0.32, fontSize: 11, color: INK, margin: 0, ...run(report.legend.us) });
    const fitLines = report.fit.lines.slice(0, 5);
    s.addText(
      fitLines.map((text, i) => ({ text, options: { breakLine: i < fitLines.length - 1, ...run(text) } })),
      { x: lx, y: 2.7, w: lw, h: 4.2, fontSize: 10, color: MUTED, valign: 'top', paraSpaceAfter: 6, margin: 0, fit: 'shrink' },
    );
    footer(s);
  }

  // 3. One slide per key table.
  for (const table of report.tables) {
    if (table.id === 'fit' || table.id === 'map') continue;
    const s = pptx.addSlide();
    title(s, table.title);
    const header = table.columns.map((c) => ({ text: c.header, options: { bold: true, fill: { color: 'E8EEF5' }, color: INK, align: (c.format === 'text' ? 'left' : 'right') as 'left' | 'right', ...run(c.header) } }));
    const body = table.rows.map((row) =>
      row.map((v, j) => {
        const format = table.columns[j]?.format ?? 'text';
        const text = cellText(v, format, report.locale);
        return { text, options: { color: INK, align: (format === 'text' ? 'left' : 'right') as 'left' | 'right', ...run(text) } };
      }),
    );
    const first = Math.min(3, 1.2 + 0.06 * Math.max(...table.rows.map((r) => String(r[0] ?? '').length), 4));
    const rest = table.columns.length > 1 ? (W - 0.8 - first) / (table.columns.length - 1) : 0;
    s.addTable([header, ...body], {
      x: 0.4,
      y: 1.2,
      w: W - 0.8,
      colW: [first, ...table.columns.slice(1).map(() => rest)],
      fontSize: table.columns.length > 8 ? 11 : 13,
      border: { type: 'solid', pt: 0.5, color: 'DDE3EA' },
      autoPage: true,
      autoPageRepeatHeader: true,
      autoPageHeaderRows: 1,
      ...run(table.title),
    });
    if (table.note) s.addText(table.note, { x: 0.4, y: 6.55, w: W - 0.8, h: 0.45, fontSize: 10, italic: true, color: MUTED, ...run(table.note) });
    footer(s);
  }

  // 4. The fit and the reading rule.
  {
    const s = pptx.addSlide();
    title(s, report.fit.title);
    s.addText(
      [report.rule, ...report.fit.lines].map((text, i, all) => ({ text, options: { bullet: i > 0, bold: i === 0, breakLine: i < all.length - 1, ...run(text) } })),
      { x: 0.6, y: 1.3, w: W - 1.2, h: 5.4, fontSize: 16, color: INK, valign: 'top', paraSpaceAfter: 8, fit: 'shrink' },
    );
    footer(s);
  }

  // pptxgenjs 4.0.1 ignores `compression` whenever an outputType is given (it stores every part:
  // 400 KB for the sample deck), and its compressing 'STREAM' output is Node-only; so the parts are
  // deflated here with fflate, in browsers and Node alike (about 40 KB).
  const stored = (await pptx.write({ outputType: 'uint8array', compression: true })) as Uint8Array;
  return zipSync(unzipSync(stored), { level: 6, mtime: MTIME });
}
