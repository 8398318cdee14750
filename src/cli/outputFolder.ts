// Where a command's files go: one folder, created if needed, every file written or one clear error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './surveyInput.ts';

/** `--out` given, or an error naming the file read and the files the folder is for. */
export function requireOut(out: string | undefined, file: string, files: string): string {
  if (!out) throw new UsageError(`${file}: no output folder. Fix: add --out <dir>, the folder to write ${files} into`);
  return out;
}

/** Writes each `name: text` into `out` (made if missing); returns the paths written, in order. */
export function writeOutputs(out: string, files: Record<string, string>): string[] {
  try {
    mkdirSync(out, { recursive: true });
    return Object.entries(files).map(([name, text]) => {
      const path = join(out, name);
      writeFileSync(path, text);
      return path;
    });
  } catch (e) {
    throw new UsageError(`${out}: cannot write the output (${(e as Error).message}). Fix: check the folder can be created and written`);
  }
}
