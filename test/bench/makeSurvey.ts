import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';

/**
 * A large CSV for benchmarks, made at bench time and never committed: the rows of `source`
 * repeated with fresh ids in the first column (`prefix` + row number) until `rows` rows.
 */
export async function repeatCsv(source: string, path: string, rows: number, prefix: string): Promise<{ path: string; bytes: number; columns: number }> {
  const lines = readFileSync(source, 'utf8').trim().split('\n');
  const header = lines[0];
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(source).mtimeMs) {
    const body = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
    const out = createWriteStream(path);
    out.write(header + '\n');
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      chunk.push(`${prefix}${String(i + 1).padStart(7, '0')}${body[i % body.length]}`);
      if (chunk.length === 10000) {
        if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
        chunk = [];
      }
    }
    if (chunk.length) out.write(chunk.join('\n') + '\n');
    out.end();
    await once(out, 'finish');
  }
  return { path, bytes: statSync(path).size, columns: header.split(',').length };
}

/** The sample survey's respondents repeated to `rows` rows. */
export const makeSurvey = (path: string, rows: number) => repeatCsv('data/survey.csv', path, rows, 'B');
