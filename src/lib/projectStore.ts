/**
 * Projects in the browser's IndexedDB (through idb): one record per project with its document and
 * undo history (small JSON), and the survey files' own bytes as Blobs beside it (the compact form
 * of a table: the file as the user gave it). The customer database stays in DuckDB's OPFS file.
 *
 * Every write is one transaction; a failed write (storage full, a private window that refuses
 * IndexedDB) rejects with a StorageProblem and leaves the last good record as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryData } from '../core/project/history.ts';

export interface ProjectMeta {
  id: string;
  name: string;
  created: string;
  updated: string;
}

export interface ProjectRecord extends ProjectMeta {
  /** The ProjectDoc as JSON text (read back through readProject). */
  doc: string;
  history: HistoryData | null;
}

interface Schema extends DBSchema {
  projects: { key: string; value: ProjectRecord };
  /** Key `<project id>/<file key>`. */
  files: { key: string; value: { name: string; blob: Blob } };
}

export type StorageProblemKind = 'quota' | 'unavailable' | 'other';

/** A storage failure, classified so the page can say what happened and what to do. */
export class StorageProblem extends Error {
  constructor(
    message: string,
    readonly kind: StorageProblemKind,
  ) {
    super(message);
  }
}

function classify(e: unknown): StorageProblem {
  if (e instanceof StorageProblem) return e;
  const name = (e as { name?: string })?.name ?? '';
  const message = (e as Error)?.message ?? String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return new StorageProblem(message, 'quota');
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') return new StorageProblem(message, 'unavailable');
  return new StorageProblem(message, 'other');
}

const DB_NAME = 'icrm-projects';

export class ProjectStore {
  private db: Promise<IDBPDatabase<Schema>> | null = null;

  private open(): Promise<IDBPDatabase<Schema>> {
    if (typeof indexedDB === 'undefined') return Promise.reject(new StorageProblem('this browser offers no IndexedDB', 'unavailable'));
    this.db ??= openDB<Schema>(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('files');
      },
    }).catch((e) => {
      this.db = null;
      throw classify(e);
    });
    return this.db;
  }

  private async guard<T>(f: (db: IDBPDatabase<Schema>) => Promise<T>): Promise<T> {
    try {
      return await f(await this.open());
    } catch (e) {
      throw classify(e);
    }
  }

  /** Every project, the most recently changed first. */
  list(): Promise<ProjectMeta[]> {
    return this.guard(async (db) => {
      const all = await db.getAll('projects');
      return all.map(({ id, name, created, updated }) => ({ id, name, created, updated })).sort((a, b) => b.updated.localeCompare(a.updated));
    });
  }

  get(id: string): Promise<ProjectRecord | undefined> {
    return this.guard((db) => db.get('projects', id));
  }

  /** Writes a project record, and any new files with it, in one transaction. */
  put(record: ProjectRecord, files: { key: string; name: string; blob: Blob }[] = []): Promise<void> {
    return this.guard(async (db) => {
      const tx = db.transaction(['projects', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('projects').put(record), ...files.map((f) => tx.objectStore('files').put({ name: f.name, blob: f.blob }, `${record.id}/${f.key}`)), tx.done]);
    });
  }

  getFile(id: string, key: string): Promise<{ name: string; blob: Blob } | undefined> {
    return this.guard((db) => db.get('files', `${id}/${key}`));
  }

  /** The keys of a project's files. */
  fileKeys(id: string): Promise<string[]> {
    return this.guard(async (db) => (await db.getAllKeys('files', IDBKeyRange.bound(`${id}/`, `${id}/\uffff`))).map((k) => k.slice(id.length + 1)));
  }

  /** Deletes a project and its files in one transaction. */
  delete(id: string): Promise<void> {
    return this.guard(async (db) => {
      const tx = db.transaction(['projects', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('projects').delete(id), tx.objectStore('files').delete(IDBKeyRange.bound(`${id}/`, `${id}/\uffff`)), tx.done]);
    });
  }
}

export function newProjectId(): string {
  return `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
