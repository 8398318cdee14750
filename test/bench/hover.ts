// Hover lookup on the map: the point under the pointer among 1,000,000 drawn points, by the grid
// index (core/map/pointGrid.ts) against a scan of every point (the baseline, measured in the same
// run), at the market zoom and zoomed in. Issue 13: under 1 ms a pointer move.
import { nearestInGrid, pointGrid } from '../../src/core/map/pointGrid.ts';
import type { Affine } from '../../src/core/map/zoom.ts';
import { rng } from '../../src/core/random.ts';
import { nearestByScan as scan } from '../unit/map/nearestByScan.ts';

export async function hoverBench(log: (s: string) => void, n = Number(process.env.BENCH_HOVER_POINTS ?? 1_000_000)): Promise<void> {
  // Respondents around five segment centres, as the map places them.
  const r = rng(13);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const centres = [[-0.6, 0.2], [0.4, 0.5], [0.1, -0.5], [0.7, -0.2], [-0.3, -0.4]];
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[i % 5];
    xy[2 * i] = cx + 0.15 * gauss();
    xy[2 * i + 1] = cy + 0.15 * gauss();
  }
  const t0 = performance.now();
  const grid = pointGrid(xy);
  const buildMs = performance.now() - t0;
  const views: [string, Affine][] = [
    ['market (1x)', { ax: 450, bx: 700, ay: -450, by: 450 }],
    ['zoomed in (8x)', { ax: 3600, bx: 700 + 0.4 * 3600, ay: -3600, by: 450 + 0.3 * 3600 }],
  ];
  log(`**Hover lookup among ${n.toLocaleString('en')} points** (the grid built once per layer in ${buildMs.toFixed(0)} ms; 2,000 pointer positions over a 1400 x 900 map):\n`);
  log('| view | scan of every point (baseline) | grid index | x baseline | same answers |');
  log('|---|---|---|---|---|');
  for (const [name, t] of views) {
    const pointers = Array.from({ length: 2000 }, () => [r() * 1400, r() * 900]);
    let a = performance.now();
    const byScan = pointers.slice(0, 200).map(([x, y]) => scan(xy, t, x, y));
    const scanMs = (performance.now() - a) / 200;
    a = performance.now();
    const byGrid = pointers.map(([x, y]) => nearestInGrid(grid, t, x, y));
    const gridMs = (performance.now() - a) / pointers.length;
    const same = byScan.every((v, k) => v === byGrid[k]);
    log(`| ${name} | ${scanMs.toFixed(3)} ms | ${(gridMs * 1000).toFixed(1)} µs | ${(gridMs / scanMs).toFixed(4)} | ${same ? 'yes' : 'NO'} |`);
  }
}
