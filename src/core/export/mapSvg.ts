import { estimateWidth, type MapLayout } from '../map/mapLayout.ts';
import type { Report } from './report.ts';
import { CJK_FONT_FAMILY, embeddedCjkFont, type FontSource } from './cjkFont.ts';

/** Text from data files goes into SVG as character data, never as markup. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface ExportText {
  title: string;
  /** The reading rule, e.g. "The shorter the distance, the stronger the relationship." */
  rule: string;
  fit: string;
  warning?: string;
  source: string;
  date: string;
  firmLabel: string;
  segmentLabel: string;
  usLabel: string;
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** Height of the title band above the map (pixels): the map's own coordinates start below it. */
export const MAP_SVG_HEAD = 56;

/**
 * The embedded CJK face first (cjkFont.ts: its unicode-range holds only CJK characters, so Latin text
 * falls through to the system fonts), then system fonts with Chinese fallbacks on each platform for
 * an export written without the font.
 */
export const FONT_STACK = `'${CJK_FONT_FAMILY}', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif`;

/**
 * A standalone SVG of the map as drawn, with title, legend, fit note, data source and date, for
 * slides and reports. Colours match the screen.
 */
export function mapSvg(layout: MapLayout, t: ExportText, fontCss = ''): string {
  const head = MAP_SVG_HEAD;
  const foot = 80;
  const W = layout.width;
  const H = layout.height + head + foot;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${escapeXml(FONT_STACK)}">`);
  // CSS inside the SVG, not a link: the file (and the PNG drawn from it) must carry its own font.
  if (fontCss) out.push(`<defs><style>${fontCss}</style></defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="16" y="28" font-size="18" font-weight="600" fill="#1c2430">${escapeXml(t.title)}</text>`);
  out.push(`<text x="16" y="46" font-size="12" fill="#5d6b7c">${escapeXml(t.rule)}</text>`);
  out.push(`<g transform="translate(0 ${head})">`);
  out.push(`<rect width="${W}" height="${layout.height}" fill="#fbfcfd" stroke="#dde3ea"/>`);
  for (const v of layout.needs)
    out.push(
      `<line x1="${n(v.x1)}" y1="${n(v.y1)}" x2="${n(v.x2)}" y2="${n(v.y2)}" stroke="#8a94a3" stroke-width="1.2"/>` +
        (v.label ? `<text x="${n(v.label.x + 3)}" y="${n(v.label.y + v.label.height - 4)}" font-size="11" fill="#5d6b7c">${escapeXml(v.need)}</text>` : ''),
    );
  for (const l of layout.leaders) out.push(`<line x1="${n(l.x1)}" y1="${n(l.y1)}" x2="${n(l.x2)}" y2="${n(l.y2)}" stroke="#5d6b7c" stroke-width="1" stroke-dasharray="4 3"/>`);
  for (const l of layout.links) {
    const a = layout.points[l.from],
      b = layout.points[l.to];
    out.push(`<line x1="${n(a.sx)}" y1="${n(a.sy)}" x2="${n(b.sx)}" y2="${n(b.sy)}" stroke="#1f5fa8" stroke-opacity="0.55" stroke-width="${n(1 + 8 * l.strength)}"/>`);
  }
  for (const p of layout.points) {
    if (p.ellipse)
      out.push(
        `<ellipse cx="${n(p.tx)}" cy="${n(p.ty)}" rx="${n(p.ellipse.rx)}" ry="${n(p.ellipse.ry)}" transform="rotate(${n(p.ellipse.angleDeg)} ${n(p.tx)} ${n(p.ty)})" fill="none" stroke="#8a94a3" stroke-dasharray="3 3"/>`,
      );
  }
  // Segments under firms, so a firm's mark is never covered; a moved segment leads back to its true place.
  for (const p of layout.points)
    if (p.moved)
      out.push(
        `<line x1="${n(p.sx)}" y1="${n(p.sy)}" x2="${n(p.tx)}" y2="${n(p.ty)}" stroke="#1f5fa8" stroke-width="0.8"/><circle cx="${n(p.tx)}" cy="${n(p.ty)}" r="2" fill="#1f5fa8"/>`,
      );
  for (const p of layout.points) if (p.kind === 'segment') out.push(`<circle cx="${n(p.sx)}" cy="${n(p.sy)}" r="${n(p.r)}" fill="#1f5fa8" fill-opacity="0.22" stroke="#1f5fa8"/>`);
  for (const p of layout.points) {
    if (p.kind === 'firm') {
      const r = p.r;
      out.push(`<path d="M${n(p.sx)} ${n(p.sy - r)}L${n(p.sx + r)} ${n(p.sy)}L${n(p.sx)} ${n(p.sy + r)}L${n(p.sx - r)} ${n(p.sy)}Z" fill="${p.us ? '#d97706' : '#1c2430'}"/>`);
    }
  }
  for (const l of layout.labels)
    out.push(
      `<text x="${n(l.x + 4)}" y="${n(l.y + l.height - 6)}" font-size="13" fill="#1c2430" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(l.text)}</text>`,
    );
  out.push('</g>');
  const y0 = head + layout.height;
  out.push(`<g transform="translate(16 ${y0 + 20})" font-size="12" fill="#1c2430">`);
  out.push(`<circle cx="6" cy="-4" r="6" fill="#1f5fa8" fill-opacity="0.22" stroke="#1f5fa8"/><text x="18" y="0">${escapeXml(t.segmentLabel)}</text>`);
  // Each key after the previous one's text (Chinese text is about twice as wide as the same in English letters).
  const xFirm = Math.max(150, 18 + estimateWidth(t.segmentLabel, 12) + 30);
  const xUs = Math.max(xFirm + 100, xFirm + 12 + estimateWidth(t.firmLabel, 12) + 30);
  out.push(`<path d="M${n(xFirm)} -10L${n(xFirm + 6)} -4L${n(xFirm)} 2L${n(xFirm - 6)} -4Z" fill="#1c2430"/><text x="${n(xFirm + 12)}" y="0">${escapeXml(t.firmLabel)}</text>`);
  out.push(`<path d="M${n(xUs)} -10L${n(xUs + 6)} -4L${n(xUs)} 2L${n(xUs - 6)} -4Z" fill="#d97706"/><text x="${n(xUs + 12)}" y="0">${escapeXml(t.usLabel)}</text>`);
  out.push(`<text x="0" y="18" fill="#5d6b7c">${escapeXml(t.fit)}</text>`);
  out.push('</g>');
  if (t.warning) out.push(`<text x="16" y="${y0 + 56}" font-size="12" fill="#b42318">${escapeXml(t.warning)}</text>`);
  out.push(`<text x="16" y="${y0 + 72}" font-size="11" fill="#5d6b7c">${escapeXml(`${t.source} · ${t.date}`)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** The report's map as SVG, in `layout` (the report's own by default; the app passes the map as drawn on screen). */
export function reportSvg(report: Report, layout: MapLayout = report.map.layout, fontCss = ''): string {
  return mapSvg(layout, {
    title: report.title,
    rule: report.rule,
    fit: report.fit.summary,
    warning: report.fit.warning,
    source: report.source,
    date: report.date,
    firmLabel: report.legend.firm,
    segmentLabel: report.legend.segment,
    usLabel: report.legend.us,
  }, fontCss);
}

/**
 * The report's map as SVG with the CJK font slices its text needs embedded (none for a map without
 * Chinese, or without `fonts`).
 */
export async function reportSvgWithFont(report: Report, fonts: FontSource | undefined, layout: MapLayout = report.map.layout): Promise<string> {
  const plain = reportSvg(report, layout);
  const font = await embeddedCjkFont(plain, fonts);
  return font.css ? reportSvg(report, layout, font.css) : plain;
}
