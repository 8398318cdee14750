import type { Monitor } from '../../lib/monitor.svelte.ts';
import type { ExportReply, ExportRequest, WrittenKind } from '../../workers/export.worker.ts';
import type { Report } from '../../core/export/report.ts';
import { segmentsCsv } from '../../core/measure/segmentsCsv.ts';
import type { MapLayout } from '../../core/map/mapLayout.ts';
import { downloadBlob, safeFileName } from '../../lib/download.ts';
import { i18n } from '../../lib/i18n.svelte.ts';
import type { Session } from '../../lib/session.svelte.ts';
import type { Drivers } from '../../lib/drivers.svelte.ts';
import type { Customers } from '../../lib/customers.svelte.ts';

export type ExportKind = 'csv' | 'tables' | 'xlsx' | 'pptx' | 'svg' | 'png' | 'html';

export const EXPORT_KINDS: ExportKind[] = ['pptx', 'xlsx', 'csv', 'tables', 'svg', 'png', 'html'];

const TYPES: Record<ExportKind, string> = {
  csv: 'text/csv;charset=utf-8',
  tables: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  svg: 'image/svg+xml',
  png: 'image/png',
  html: 'text/html;charset=utf-8',
};

/** `icrm-<survey>-<date>.<ext>`: the survey's name without its extension, with characters file systems refuse replaced. */
export function exportFileName(file: string, date: string, ext: string): string {
  return `icrm-${safeFileName(file.replace(/\.[^.]+$/, ''), 'survey')}-${date}.${ext}`;
}

export interface ExportContext {
  session: Session;
  /** The map as drawn on screen (SVG and PNG keep it, zoom and drill-down included). */
  layout: MapLayout;
  /** Label positions the user dragged on the market map. */
  pins: Record<string, { dx: number; dy: number }>;
  showNeeds: boolean;
  drivers?: Drivers;
  customers?: Customers;
  /** Monitor's waves, when computed for the measurement on screen: the latest changes go in the report. */
  monitor?: Monitor;
}

/** The report of what is on screen: the market map with the user's labels, the tables, drivers and strategy when computed. */
async function report(c: ExportContext, date: string): Promise<Report> {
  // Loaded on first export: the report pulls in the drivers and strategy code, which the first page load need not carry.
  const { buildReport, exportLayout } = await import('../../core/export/report.ts');
  const { session } = c;
  const measurement = session.result!;
  const map = session.map!;
  const strategy = c.customers?.analysis && !c.customers.stale ? c.customers.strategy : null;
  return buildReport({
    measurement,
    map,
    layout: exportLayout(map, measurement, { pins: c.pins, showNeeds: c.showNeeds }),
    lang: i18n.lang,
    date,
    drivers: c.drivers?.current ?? null,
    strategy,
    maturity: c.customers ? { ...c.customers.maturity } : null,
    waves: c.monitor?.result && !c.monitor.stale ? c.monitor.result : null,
  });
}

/** Makes one export and saves it; the writers load in the export worker, so the page never carries them. */
export async function exportMap(kind: ExportKind, c: ExportContext): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const name = exportFileName(c.session.source?.file ?? c.session.result?.file ?? 'survey', date, kind === 'tables' ? 'tables.zip' : kind);
  if (kind === 'csv') return downloadBlob(name, new Blob(['\uFEFF' + segmentsCsv(c.session.result!)], { type: TYPES.csv }));
  const r = await report(c, date);
  // Every writer runs in a worker; a PNG is the SVG drawn on a canvas here (a worker has no SVG renderer).
  const data = await written(kind === 'png' ? 'svg' : kind, r, c.layout);
  if (kind === 'png') return downloadBlob(name, await svgToPng(data as string));
  downloadBlob(name, new Blob([data as BlobPart], { type: TYPES[kind] }));
}

/** Runs one writer in its own worker (export.worker.ts) and returns what it wrote. */
function written(kind: WrittenKind, report: Report, layout: MapLayout): Promise<Uint8Array<ArrayBuffer> | string> {
  const worker = new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Uint8Array<ArrayBuffer> | string>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ExportReply>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.data as Uint8Array<ArrayBuffer> | string);
      else reject(new Error(e.data.message));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(e.message || 'the export worker stopped'));
    };
    worker.postMessage({ kind, report, layout } satisfies ExportRequest);
  });
}

/** PNG rendered from the same SVG at 3x, for slides. */
async function svgToPng(svg: string): Promise<Blob> {
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
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
