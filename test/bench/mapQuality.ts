// Map-quality benchmark (issue 8): every map method on the same markets, side by side, scored by the
// reading rule's order (leaders nearest, then row fidelity, then column fidelity, then stress-1).
// Runs alone with `npm run bench:map`, and as a section of `npm run bench`. Figures, never a test.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { jointMap } from '../../src/core/map/jointMap.ts';
import { MAP_METHODS, DEFAULT_MAP_METHOD, type MapMethod } from '../../src/core/model/defaults.ts';
import { leaderSet } from '../../src/core/map/readingRule.ts';
import { importSurvey } from '../../src/core/import/importSurvey.ts';
import { measureWithDetail } from '../../src/core/measure/measure.ts';
import { sovTable } from '../../src/core/map/mapFromMeasurement.ts';
import { fileSource } from '../../src/cli/nodeSource.ts';
import { generateMarket, marketFromDeltas, type Market } from './markets.ts';

/** Generated markets in the benchmark (the issue asks for at least 100). */
const GENERATED = Number(process.env.BENCH_MARKETS ?? 100);
const SHARED = resolve(process.cwd(), '../shared/mds-data/deltas');

interface Score {
  /** Segments keeping rule 1, segments asked (a segment where every firm is tied asks nothing), tie-excused segments. */
  leaders: number;
  segments: number;
  tied: number;
  row: number;
  column: number;
  stress1: number;
  flattened: number;
  separated: number;
  ms: number;
  maps: number;
}

const empty = (): Score => ({ leaders: 0, segments: 0, tied: 0, row: 0, column: 0, stress1: 0, flattened: 0, separated: 0, ms: 0, maps: 0 });

function score(market: Market, method: MapMethod, into: Score): void {
  const t0 = performance.now();
  const map = jointMap(market, { method, benchmark: 0 });
  into.ms += performance.now() - t0;
  const F = market.firms.length;
  into.leaders += map.leadersNearest.count;
  into.segments += map.leadersNearest.of;
  for (let s = 0; s < market.segments.length; s++) if (leaderSet(market.sov.subarray(s * F, s * F + F)).length > 1) into.tied++;
  into.row += map.rankFidelity;
  into.column += map.columnFidelity;
  into.stress1 += map.stress1;
  if (map.degeneracy.signs.includes('flattened')) into.flattened++;
  if (map.degeneracy.signs.includes('separated')) into.separated++;
  into.maps++;
}

async function sampleMarket(): Promise<Market> {
  const { survey } = await importSurvey(fileSource('data/survey.csv'));
  const m = measureWithDetail(survey!);
  return { name: 'sample', firms: m.result.firms, segments: m.result.segments.map((s) => s.label), sov: sovTable(m.result) };
}

export interface MapQualityRow {
  set: string;
  method: MapMethod;
  leadersNearest: number;
  rowFidelity: number;
  columnFidelity: number;
  stress1: number;
  flattened: number;
  separated: number;
  msPerMap: number;
  timeRatio: number;
}

/** Print the benchmark tables; returns the rows (also written to test/bench/out/map-quality.json). */
export async function mapQualityBench(log: (line: string) => void): Promise<MapQualityRow[]> {
  const sets: { name: string; markets: Market[] }[] = [
    { name: `generated (${GENERATED})`, markets: Array.from({ length: GENERATED }, (_, k) => generateMarket(k + 1)) },
    { name: 'sample', markets: [await sampleMarket()] },
    { name: 'breakfast', markets: [marketFromDeltas('breakfast', readFileSync(`${SHARED}/breakfast.csv`, 'utf8'))] },
    { name: 'corprep_unfold', markets: [marketFromDeltas('corprep_unfold', readFileSync(`${SHARED}/corprep_unfold.csv`, 'utf8'))] },
  ];
  const gen = sets[0].markets;
  const sizes = gen.map((m) => `${m.firms.length}x${m.segments.length}`);
  log(`# Map-quality benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`);
  log(`Generated markets: seeds 1-${GENERATED}, ${Math.min(...gen.map((m) => m.firms.length))}-${Math.max(...gen.map((m) => m.firms.length))} firms, ${Math.min(...gen.map((m) => m.segments.length))}-${Math.max(...gen.map((m) => m.segments.length))} segments (${new Set(sizes).size} distinct sizes), weak to strong leaders, near ties, noise (test/bench/markets.ts).`);
  log('Leaders nearest: segments whose nearest firm is their strongest by the 5% margin (firms within 0.5 points of the top share count as tied leaders).');
  log('Row/column fidelity and stress-1 are means over maps; stress-1 is each method\'s own (its transformation refitted to the final map). Time is per map, as a ratio to the interval method in the same run.');
  const rows: MapQualityRow[] = [];
  for (const set of sets) {
    const scores = new Map<MapMethod, Score>();
    for (const method of MAP_METHODS) {
      const s = empty();
      for (const market of set.markets) score(market, method, s);
      scores.set(method, s);
    }
    const base = scores.get('interval')!.ms / scores.get('interval')!.maps;
    const tied = scores.get('interval')!.tied;
    log(`\n## ${set.name}${tied ? ` (${tied} of ${scores.get('interval')!.segments} segments with a tied leader)` : ''}`);
    log('| method | leaders nearest | row fidelity | column fidelity | stress-1 | flattened | separated | ms per map | x interval |');
    log('|---|---|---|---|---|---|---|---|---|');
    for (const method of MAP_METHODS) {
      const s = scores.get(method)!;
      const row: MapQualityRow = {
        set: set.name,
        method,
        leadersNearest: s.leaders / s.segments,
        rowFidelity: s.row / s.maps,
        columnFidelity: s.column / s.maps,
        stress1: s.stress1 / s.maps,
        flattened: s.flattened / s.maps,
        separated: s.separated / s.maps,
        msPerMap: s.ms / s.maps,
        timeRatio: s.ms / s.maps / base,
      };
      rows.push(row);
      const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
      log(
        `| ${method}${method === DEFAULT_MAP_METHOD ? ' (default)' : ''} | ${pct(row.leadersNearest)} (${s.leaders}/${s.segments}) | ${row.rowFidelity.toFixed(3)} | ${row.columnFidelity.toFixed(3)} | ${row.stress1.toFixed(3)} | ${pct(row.flattened)} | ${pct(row.separated)} | ${row.msPerMap.toFixed(1)} | ${row.timeRatio.toFixed(1)} |`,
      );
    }
  }
  // The winner by the rule's order over all sets pooled: leaders first, then row, then column fidelity, then stress.
  const pooled = MAP_METHODS.map((method) => {
    const r = rows.filter((x) => x.method === method);
    const mean = (k: keyof MapQualityRow) => r.reduce((a, x) => a + (x[k] as number), 0) / r.length;
    return { method, key: [mean('leadersNearest'), mean('rowFidelity'), mean('columnFidelity'), -mean('stress1')] };
  });
  pooled.sort((a, b) => {
    for (let k = 0; k < 4; k++) if (Math.abs(a.key[k] - b.key[k]) > 1e-9) return b.key[k] - a.key[k];
    return 0;
  });
  log(`\nWinner by the reading rule's order (means over the four sets): ${pooled[0].method}${pooled[0].method === DEFAULT_MAP_METHOD ? ' (the default)' : ` (the default is ${DEFAULT_MAP_METHOD}!)`}; then ${pooled
    .slice(1)
    .map((p) => p.method)
    .join(', ')}.`);
  mkdirSync('test/bench/out', { recursive: true });
  writeFileSync('test/bench/out/map-quality.json', JSON.stringify(rows, null, 2) + '\n');
  return rows;
}

if (process.argv[1] && /mapQuality\.ts$/.test(process.argv[1])) await mapQualityBench(console.log);
