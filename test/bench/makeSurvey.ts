import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';

/**
 * A large CSV for benchmarks, made at bench time and never committed: the rows of `source`
 * repeated with fresh ids in the first column (`prefix` + row number) until `rows` rows. With
 * `waves`, the second column (the survey's wave) is rewritten to `W1` .. `Wk` in k equal blocks of
 * rows, so each wave holds a mix of the source's rows.
 */
export async function repeatCsv(source: string, path: string, rows: number, prefix: string, options: { waves?: number } = {}): Promise<{ path: string; bytes: number; columns: number }> {
  const lines = readFileSync(source, 'utf8').trim().split('\n');
  const header = lines[0];
  const waves = options.waves;
  if (waves !== undefined && header.split(',')[1] !== 'wave') throw new Error(`${source}: the second column must be the wave to write ${waves} waves`);
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(source).mtimeMs) {
    const body = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
    // The rest of each row after its wave cell (",<wave>,...").
    const afterWave = waves === undefined ? [] : body.map((b) => b.slice(b.indexOf(',', 1)));
    const out = createWriteStream(path);
    out.write(header + '\n');
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      const rest = waves === undefined ? body[i % body.length] : `,W${Math.floor((i * waves) / rows) + 1}${afterWave[i % body.length]}`;
      chunk.push(`${prefix}${String(i + 1).padStart(7, '0')}${rest}`);
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

/** The sample survey's respondents repeated to `rows` rows (with `waves`, relabelled into that many waves). */
export const makeSurvey = (path: string, rows: number, options: { waves?: number } = {}) => repeatCsv('data/survey.csv', path, rows, 'B', options);
