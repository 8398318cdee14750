/**
 * One self-contained HTML file of a report: the map (SVG), its fit and its tables, with hover on
 * the map's points, for an executive who opens it from disk, offline, in any browser. Script, styles
 * and data are inlined; nothing is fetched (a Content-Security-Policy with `default-src 'none'` and
 * hashes of the one script and the one style says so to the browser too). Read-only: no inputs.
 *
 * Every piece of text from data (labels, file names) is inserted as escaped character data, and the
 * script builds the tooltip with textContent only, so a label like `<img src=x onerror=alert(1)>` is
 * shown as text. The CJK font slices the page's text needs are embedded as data URLs (cjkFont.ts), so
 * Chinese shows on a machine without a Chinese font; a page without Chinese embeds none.
 */
import { escapeXml, FONT_STACK, MAP_SVG_HEAD, reportSvg } from './mapSvg.ts';
import { embeddedCjkFont, type FontSource } from './cjkFont.ts';
import { cellText } from './cellText.ts';
import type { Report, ReportTable } from './report.ts';
import { exportTranslator } from './exportText.ts';

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${FONT_STACK}; color: #1c2430; margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
.muted { color: #5d6b7c; }
.rule { color: #1f5fa8; font-weight: 600; }
figure { margin: 0; position: relative; }
svg { max-width: 100%; height: auto; display: block; }
.hit { fill: transparent; cursor: pointer; }
.hit:focus { outline: none; stroke: #d97706; stroke-width: 2; }
#tip { position: absolute; pointer-events: none; background: #fff; border: 1px solid #8a94a3; border-radius: 4px; padding: 6px 8px; font-size: 13px; box-shadow: 0 2px 8px rgba(0,0,0,.15); min-width: 140px; }
#tip[hidden] { display: none; }
#tip b { display: block; margin-bottom: 2px; }
table { border-collapse: collapse; font-size: 14px; margin: 4px 0; }
th, td { border-bottom: 1px solid #dde3ea; padding: 4px 10px; text-align: right; white-space: nowrap; }
th { background: #e8eef5; }
th:first-child, td.text { text-align: left; }
.note { font-size: 13px; font-style: italic; }
.warn { color: #b42318; }
footer { margin-top: 32px; font-size: 12px; }
`;

// The page's only script: hover and focus on a point show its relationships, built with textContent (never markup).
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var tip = document.getElementById('tip');
  var fig = document.getElementById('map');
  var pct = new Intl.NumberFormat(data.locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function show(el) {
    var p = data.points[Number(el.getAttribute('data-i'))];
    var rows = data.shares.filter(function (s) { return p.kind === 'firm' ? s.firm === p.label : s.segment === p.label; })
      .filter(function (s) { return s.share !== null; })
      .sort(function (a, b) { return b.share - a.share; });
    tip.textContent = '';
    var head = document.createElement('b');
    head.textContent = p.label + ' · ' + (p.kind === 'firm' ? data.words.firm : data.words.segment);
    tip.appendChild(head);
    var sub = document.createElement('div');
    sub.className = 'muted';
    sub.textContent = data.words.share;
    tip.appendChild(sub);
    rows.forEach(function (s) {
      var line = document.createElement('div');
      line.textContent = (p.kind === 'firm' ? s.segment : s.firm) + ': ' + pct.format(s.share);
      tip.appendChild(line);
    });
    var box = el.getBoundingClientRect(), frame = fig.getBoundingClientRect();
    tip.style.left = (box.right - frame.left + 8) + 'px';
    tip.style.top = (box.top - frame.top) + 'px';
    tip.hidden = false;
  }
  function hide() { tip.hidden = true; }
  Array.prototype.forEach.call(document.querySelectorAll('.hit'), function (el) {
    el.addEventListener('mouseenter', function () { show(el); });
    el.addEventListener('focus', function () { show(el); });
    el.addEventListener('mouseleave', hide);
    el.addEventListener('blur', hide);
  });
})();
`;

/** JSON safe inside a script element: no `</script>`, no `<!--`, no line separators that break old parsers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let bin = '';
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function tableHtml(t: ReportTable, locale: string): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeXml(c.header)}</th>`).join('');
  const body = t.rows
    .map((row) => `<tr>${row.map((v, j) => {
      const format = t.columns[j]?.format ?? 'text';
      return `<td${format === 'text' ? ' class="text"' : ''}>${escapeXml(cellText(v, format, locale))}</td>`;
    }).join('')}</tr>`)
    .join('');
  return (
    `<section data-table="${escapeXml(t.id)}"><h2>${escapeXml(t.title)}</h2>` +
    `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` +
    (t.note ? `<p class="note muted">${escapeXml(t.note)}</p>` : '') +
    '</section>'
  );
}

export interface HtmlOptions {
  /** Where the CJK font's bytes come from; without it no font is embedded (the system fonts are used). */
  fonts?: FontSource;
}

/** The report as one HTML file (UTF-8 text). */
export async function reportHtml(report: Report, { fonts }: HtmlOptions = {}): Promise<string> {
  const { t } = exportTranslator(report.lang);
  const points = report.map.points;
  // Invisible, focusable hit areas over the marks, in the map's coordinates (below the SVG's title band).
  const hits =
    `<g transform="translate(0 ${MAP_SVG_HEAD})">` +
    // Segments first, so a firm's (smaller) area lies on top where the two overlap.
    points
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.kind === b.p.kind ? a.i - b.i : a.p.kind === 'segment' ? -1 : 1))
      .map(({ p, i }) => `<circle class="hit" data-i="${i}" data-label="${escapeXml(p.label)}" cx="${p.sx.toFixed(1)}" cy="${p.sy.toFixed(1)}" r="${Math.max(p.r, 8).toFixed(1)}" tabindex="0" aria-label="${escapeXml(p.label)}"/>`)
      .join('') +
    '</g>';
  const svg = reportSvg(report).replace(/<\/svg>\s*$/, `${hits}</svg>`);
  const data = {
    locale: report.locale,
    points: points.map((p) => ({ kind: p.kind, label: p.label })),
    // NaN is not JSON: an undefined share travels as null and is left out of the tooltip.
    shares: report.shares.map((s) => ({ ...s, share: Number.isFinite(s.share) ? s.share : null })),
    words: { firm: t('kind.firm'), segment: t('kind.segment'), share: t('html.tableOf') },
  };
  const tables = report.tables.filter((x) => x.id !== 'fit' && x.id !== 'map');
  const body = [
    '<body>',
    `<header><h1>${escapeXml(report.title)}</h1><p class="muted">${escapeXml(report.subtitle)} · ${escapeXml(report.date)}</p></header>`,
    `<section data-section="map"><h2>${escapeXml(report.map.title)}</h2><p class="rule">${escapeXml(report.rule)}</p>`,
    `<figure id="map">${svg}<div id="tip" role="tooltip" hidden></div></figure>`,
    `<p class="muted">${escapeXml(t('html.hover', { date: report.date }))}</p></section>`,
    `<section data-section="fit"><h2>${escapeXml(report.fit.title)}</h2><ul>${report.fit.lines
      .map((l, i) => `<li${i === 0 && report.fit.warning ? ' class="warn"' : ''}>${escapeXml(l)}</li>`)
      .join('')}</ul></section>`,
    ...tables.map((x) => tableHtml(x, report.locale)),
    `<footer class="muted">${escapeXml(report.source)} · ${escapeXml(report.date)}</footer>`,
    `<script type="application/json" id="report-data">${scriptJson(data)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
  ];
  // The font covers every CJK character the page can show: its text, its title and the tooltips' data
  // (the JSON keeps non-ASCII characters as they are, so they are seen here too).
  const font = await embeddedCjkFont(report.title + body.join('\n'), fonts);
  const style = font.css ? `${font.css}\n${STYLE}` : STYLE;
  const csp =
    `default-src 'none'; style-src '${'sha256-' + (await sha256(style))}'; script-src '${'sha256-' + (await sha256(SCRIPT))}'; img-src data:` +
    (font.css ? '; font-src data:' : '');
  return [
    '<!DOCTYPE html>',
    `<html lang="${report.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(report.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    ...body,
    '</html>',
    '',
  ].join('\n');
}
