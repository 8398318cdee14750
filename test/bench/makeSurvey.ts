import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';

/**
 * A large survey for benchmarks, made at bench time and never committed: the sample survey's
 * respondents repeated with fresh ids until `rows` rows.
 */
export async function makeSurvey(path: string, rows: number): Promise<{ path: string; bytes: number; columns: number }> {
  const lines = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
  const header = lines[0];
  const body = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
  if (!existsSync(path) || statSync(path).mtimeMs < statSync('data/survey.csv').mtimeMs || !readFileSync(path, { encoding: 'utf8', flag: 'r' }).startsWith(header)) {
    const out = createWriteStream(path);
    out.write(header + '\n');
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      chunk.push(`B${i + 1}${body[i % body.length]}`);
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
