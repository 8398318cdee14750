import { mapSvg } from '../../core/export/mapSvg.ts';
import { download } from '../../lib/download.ts';
import { i18n } from '../../lib/i18n.svelte.ts';
import type { MapLayout } from '../../core/map/mapLayout.ts';
import type { Session } from '../../lib/session.svelte.ts';

/** Saves the map as drawn: SVG as it is, PNG rendered from the same SVG at 3x for slides. */
export async function exportMap(kind: 'svg' | 'png', layout: MapLayout, session: Session): Promise<void> {
  const t = i18n.t;
  const m = session.map!.map;
  const svg = mapSvg(layout, {
    title: t('map.exportTitle', { file: session.source?.file ?? '' }),
    rule: t('map.rule'),
    fit: t('map.exportFit', { k: m.leadersNearest.count, n: m.leadersNearest.of, f: i18n.pct(m.rankFidelity, 0), c: i18n.pct(m.columnFidelity, 0), s: i18n.num(m.stress1, 3) }),
    warning: m.misplaced.length ? t('map.exportWarning', { segments: m.misplaced.map((x) => x.segment).join(', ') }) : undefined,
    source: t('map.exportSource', { file: session.source?.file ?? '', n: i18n.int(session.result?.respondents ?? NaN) }),
    date: new Date().toISOString().slice(0, 10),
    firmLabel: t('map.key.firm'),
    segmentLabel: t('map.key.segment'),
    usLabel: t('map.key.us', { firm: session.result?.us ?? '' }),
  });
  const base = `icrm-map-${new Date().toISOString().slice(0, 10)}`;
  if (kind === 'svg') return download(`${base}.svg`, svg, 'image/svg+xml');
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be rendered'));
      img.src = url;
    });
    const scale = 3;
    const canvas = document.createElement('canvas');
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (!blob) throw new Error('the PNG could not be made');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${base}.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
