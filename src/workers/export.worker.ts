// The exports' writers off the page's thread: a deck, a workbook, the tables' zip, and the SVG and HTML
// files with their Chinese font subset (HarfBuzz and zlib over about ten font slices) could hold the
// page for a second or more. The report itself is built on the page (it reads what is on screen);
// the writers are core's, the same the command line runs. One worker per export, ended after it.
import type { Report } from '../core/export/report.ts';
import type { MapLayout } from '../core/map/mapLayout.ts';

export type WrittenKind = 'tables' | 'xlsx' | 'pptx' | 'svg' | 'html';
export interface ExportRequest {
  kind: WrittenKind;
  report: Report;
  layout: MapLayout;
}
export type ExportReply = { ok: true; data: Uint8Array | string } | { ok: false; message: string };

async function write({ kind, report, layout }: ExportRequest): Promise<Uint8Array | string> {
  switch (kind) {
    case 'tables':
      return (await import('../core/export/csvZip.ts')).reportCsvZip(report);
    case 'xlsx':
      return (await import('../core/export/xlsx.ts')).reportXlsx(report);
    case 'pptx':
      return (await import('../core/export/pptx.ts')).reportPptx(report);
    case 'svg': {
      const [{ reportSvgWithFont }, { browserFontSource }] = await Promise.all([import('../core/export/mapSvg.ts'), import('../lib/fontSource.ts')]);
      return reportSvgWithFont(report, browserFontSource, layout);
    }
    case 'html': {
      const [{ reportHtml }, { browserFontSource }] = await Promise.all([import('../core/export/html.ts'), import('../lib/fontSource.ts')]);
      return reportHtml(report, { fonts: browserFontSource });
    }
  }
}

self.onmessage = async (e: MessageEvent<ExportRequest>) => {
  let reply: ExportReply;
  try {
    reply = { ok: true, data: await write(e.data) };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const data = reply.ok ? reply.data : null;
  (self as unknown as Worker).postMessage(reply, data instanceof Uint8Array ? [data.buffer] : []);
};
