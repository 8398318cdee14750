/**
 * The project file: one zip another consultant opens to see the same thing. Entries:
 * `manifest.json` (format, version, the files it carries), `project.json` (the ProjectDoc),
 * `history.json` (undo and redo, optional) and `files/<key>` (the survey files' own bytes).
 *
 * Reading checks, in this order, before anything is inflated: the bytes are a zip, the entry count
 * and each entry's declared size are within limits (fflate inflates into a buffer of the declared
 * size, so a zip bomb cannot grow past it), the manifest names this format and a version we read.
 * The document then goes through readProject (validated, migrated, no prototype pollution).
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { HISTORY_LIMIT, type HistoryData } from './history.ts';
import { parseProjectJson, PROJECT_VERSION, ProjectError, type ProjectDoc } from './schema.ts';

export const PROJECT_FORMAT = 'icrm-project';
/** The extension the app offers and recognises. */
export const PROJECT_EXTENSION = '.icrm';
export const LIMITS = { entries: 200, entryBytes: 1_500_000_000, jsonBytes: 50_000_000, totalBytes: 2_000_000_000 };

export interface ProjectFileEntry {
  key: string;
  name: string;
  bytes: Uint8Array;
}

export interface ProjectFile {
  doc: ProjectDoc;
  files: ProjectFileEntry[];
  history: HistoryData | null;
}

/** The zip of a project. Survey files are stored (already compact text compresses well: deflated). */
export function writeProjectFile(doc: ProjectDoc, files: ProjectFileEntry[], history: HistoryData | null = null, created = new Date().toISOString()): Uint8Array {
  const manifest = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    app: 'ICRM Strategy Sandbox',
    created,
    files: files.map((f) => ({ key: f.key, name: f.name, path: `files/${f.key}`, size: f.bytes.length })),
  };
  const entries: Record<string, Uint8Array> = {
    'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
    'project.json': strToU8(JSON.stringify(doc, null, 2)),
  };
  if (history) entries['history.json'] = strToU8(JSON.stringify(history));
  for (const f of files) {
    if (!/^[\w.-]{1,100}$/.test(f.key)) throw new Error(`file key "${f.key}" must be letters, digits, dot, dash or underscore`);
    entries[`files/${f.key}`] = f.bytes;
  }
  return zipSync(entries, { level: 6, mtime: new Date(created) });
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Reads a project file; a ProjectError says what is wrong with it and what to do. */
export function readProjectFile(bytes: Uint8Array, where = 'the project file'): ProjectFile {
  if (!isZip(bytes)) throw new ProjectError(`${where}: not a project file (it is not a zip). Fix: choose a file exported with "Export project" (${PROJECT_EXTENSION})`, 'not-a-project');
  let seen = 0;
  let total = 0;
  let zip: Unzipped;
  try {
    zip = unzipSync(bytes, {
      filter(entry) {
        seen++;
        if (seen > LIMITS.entries) throw new ProjectError(`${where}: holds more than ${LIMITS.entries} entries, more than any project has. Fix: choose the exported project file`, 'too-large');
        const limit = entry.name.endsWith('.json') ? LIMITS.jsonBytes : LIMITS.entryBytes;
        if (entry.originalSize > limit) throw new ProjectError(`${where}: ${entry.name} would unpack to ${entry.originalSize} bytes, above the limit of ${limit}. Fix: this is not a project file the app wrote`, 'too-large');
        total += entry.originalSize;
        if (total > LIMITS.totalBytes) throw new ProjectError(`${where}: would unpack to more than ${LIMITS.totalBytes} bytes. Fix: this is not a project file the app wrote`, 'too-large');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    throw new ProjectError(`${where}: the zip is damaged (${(e as Error).message}). Fix: export the project again and copy it whole`, 'damaged');
  }
  const text = (name: string) => {
    const b = zip[name];
    if (!b) throw new ProjectError(`${where}: has no ${name}, so it is not a project file. Fix: choose a file exported with "Export project"`, 'not-a-project');
    try {
      return strFromU8(b);
    } catch {
      throw new ProjectError(`${where}: ${name} is not UTF-8 text. Fix: the file is damaged; export it again`, 'damaged');
    }
  };
  let manifest: unknown;
  try {
    manifest = JSON.parse(text('manifest.json'));
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    throw new ProjectError(`${where}: manifest.json is not valid JSON. Fix: the file is damaged; export it again`, 'damaged');
  }
  const m = manifest as { format?: unknown; version?: unknown; files?: unknown };
  if (typeof m !== 'object' || m === null || m.format !== PROJECT_FORMAT) throw new ProjectError(`${where}: the manifest does not name an ICRM project. Fix: choose a file exported with "Export project"`, 'not-a-project');
  if (typeof m.version !== 'number' || !Number.isInteger(m.version)) throw new ProjectError(`${where}: the manifest has no version. Fix: the file is damaged; export it again`, 'damaged');
  if (m.version > PROJECT_VERSION)
    throw new ProjectError(`${where}: made by a newer version of the app (project version ${m.version}; this app reads up to ${PROJECT_VERSION}). Fix: update the app`, 'too-new');
  const doc = parseProjectJson(text('project.json'), `${where} (project.json)`);
  const listed = Array.isArray(m.files) ? m.files : [];
  const files: ProjectFileEntry[] = [];
  for (const [i, f] of listed.entries()) {
    const e = f as { key?: unknown; name?: unknown; path?: unknown; size?: unknown };
    if (typeof e?.key !== 'string' || typeof e.name !== 'string' || typeof e.path !== 'string' || !/^[\w.-]{1,100}$/.test(e.key) || e.path !== `files/${e.key}`)
      throw new ProjectError(`${where}: manifest files[${i}] is not a file entry. Fix: the file is damaged; export it again`, 'damaged');
    const b = zip[e.path];
    if (!b) throw new ProjectError(`${where}: ${e.path} is listed but missing. Fix: the file is damaged; export it again`, 'damaged');
    if (typeof e.size === 'number' && e.size !== b.length) throw new ProjectError(`${where}: ${e.path} has ${b.length} bytes, the manifest says ${e.size}. Fix: the file is damaged; export it again`, 'damaged');
    files.push({ key: e.key, name: e.name, bytes: b });
  }
  if (doc.survey && !doc.survey.sample && !files.some((f) => f.key === doc.survey!.key))
    throw new ProjectError(`${where}: the survey file ${doc.survey.name} is missing from it. Fix: export the project again`, 'damaged');
  for (const w of doc.waveFiles)
    if (!files.some((f) => f.key === w.key)) throw new ProjectError(`${where}: the wave file ${w.name} is missing from it. Fix: export the project again`, 'damaged');
  let history: HistoryData | null = null;
  if (zip['history.json']) {
    try {
      const h = JSON.parse(text('history.json')) as HistoryData;
      const strings = (x: unknown) => Array.isArray(x) && x.length <= HISTORY_LIMIT && x.every((s) => typeof s === 'string');
      // A history that does not read is dropped, not fatal: the project itself is whole.
      if (h && strings(h.past) && strings(h.future) && typeof h.present === 'string') history = { past: h.past, present: JSON.stringify(doc), future: h.future };
    } catch {
      history = null;
    }
  }
  return { doc, files, history };
}
