/**
 * Sample data generator for the ICRM Strategy Sandbox.
 *
 *   npx tsx data/generate.ts        (or: npm run data)
 *
 * Deterministic: every random draw comes from the seeded generator in src/core/random.ts, so the
 * same source writes byte-identical files. See data/README.md for the provenance of each file,
 * the column layout and the structure planted here (which the tests expect the pipeline to find).
 *
 * Files written next to this script:
 *   survey.csv               market survey, canonical wide columns, 3 waves, UTF-8
 *   survey_stacked.csv       first 400 respondents of wave 2025-H1, one row per respondent and firm
 *   survey_zh.csv            first 800 respondents, Chinese headers and labels, UTF-8 with BOM
 *   survey_zh_gb18030.csv    the same text encoded as GB18030
 *   customers.csv            Apex's internal customer database export (50,000 customers)
 *   sample-truth.json        the planted facts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { normal, pick, rng } from '../src/core/random.ts';
import type { Rng } from '../src/core/random.ts';

const OUT = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// The market
// ---------------------------------------------------------------------------------------------

const FIRMS = ['Apex', 'Boreal', 'Cobalt', 'Dynamo', 'Everfield'] as const;
const NEEDS = ['quality', 'price', 'delivery', 'service', 'support', 'innovation', 'reliability', 'sustainability'] as const;
const SEGMENTS = ['S1', 'S2', 'S3', 'S4', 'S5'] as const;
const WAVES = ['2025-H1', '2025-H2', '2026-H1'] as const;
const INDUSTRIES = ['Manufacturing', 'Chemicals', 'Food & Beverage', 'Construction', 'Logistics'] as const;
const SIZE_BANDS = ['1-49', '50-249', '250-999', '1000+'] as const;
const REGIONS = ['North', 'South', 'East', 'West'] as const;

const US = 'Apex';
const BETA_TRUE = 8;
const PER_WAVE = 1600;
const N_CUSTOMERS = 50_000;
const N_LINKED = 300;
const NO_WALLET_RATE = 0.1;

const NF = FIRMS.length;
const NN = NEEDS.length;

/** Mean stated importance (1-7) of each need, by segment. Rows: segments; columns: NEEDS. */
const IMP_MEAN: number[][] = [
  //  qual price deliv serv supp innov relia sust
  [4.0, 6.6, 4.5, 2.8, 2.8, 2.3, 4.0, 2.3], // S1 price-driven
  [4.3, 3.3, 4.0, 6.5, 6.5, 3.0, 4.3, 2.8], // S2 service / support
  [6.5, 2.8, 3.8, 4.0, 3.5, 6.2, 6.6, 3.3], // S3 quality / reliability / innovation
  [3.8, 5.6, 6.6, 3.3, 2.8, 2.3, 4.6, 2.3], // S4 delivery / price
  [4.3, 3.3, 3.3, 3.8, 3.3, 6.2, 3.8, 6.6], // S5 sustainability / innovation
];

/** Base perceived performance (1-10) of each firm on each need. Rows: FIRMS; columns: NEEDS. */
const PERF_BASE: number[][] = [
  //  qual price deliv serv supp innov relia sust
  [7.0, 5.0, 6.3, 8.0, 8.0, 7.0, 7.0, 7.6], // Apex: service, support, sustainability; dear
  [6.0, 8.2, 7.0, 5.5, 5.5, 5.0, 6.3, 5.0], // Boreal: price leader
  [8.2, 5.0, 6.0, 6.0, 6.0, 7.6, 8.2, 5.5], // Cobalt: quality, reliability, innovation
  [6.0, 7.2, 8.6, 5.5, 5.0, 5.0, 6.6, 5.0], // Dynamo: delivery and price
  [5.6, 6.0, 5.6, 6.0, 5.6, 5.6, 5.6, 6.4], // Everfield: middling niche player
];

/** Firm x segment adjustment added to every need (the firm's standing with that segment). */
const PERF_ADJ: number[][] = [
  //  S1    S2    S3    S4    S5
  [-0.6, 0.5, 0.0, 0.0, 0.5], // Apex
  [0.6, 0.0, 0.0, 0.0, 0.0], // Boreal
  [0.0, 0.0, 0.6, 0.0, 0.0], // Cobalt
  [0.0, 0.0, 0.0, 0.6, 0.0], // Dynamo
  [-0.3, -0.3, -0.3, -0.3, -0.3], // Everfield
];

interface WaveShift {
  /** First wave (index into WAVES) with the shift; it lasts into every later wave. */
  from: number;
  firm: (typeof FIRMS)[number];
  segment: (typeof SEGMENTS)[number];
  /** Scale points added to the firm's mean performance on each need, in that segment. */
  shift: Partial<Record<(typeof NEEDS)[number], number>>;
}

/**
 * The planted changes between waves (data/README.md, "The planted structure"):
 * 2025-H2: Apex gains in S1 on price and delivery (kept in 2026-H1);
 * 2026-H1: Dynamo gains in S3, the market's most valuable segment, on quality and reliability
 * (a competitor's gain Monitor must alert on), and Apex loses in S2 on service and support (our loss).
 * The sizes were chosen for measured changes in share of value of about 5 points, clear of the
 * sampling noise of a wave's segment: drawn without the 2026-H1 shifts, the new wave alone moves
 * Dynamo in S3 by +0.5 points and Apex in S2 by +3.8 points, so a smaller loss (-0.8) measured only
 * -2.0 points. With these shifts: Dynamo +5.6 points in S3, Apex -5.0 points in S2 (true beta).
 */
const WAVE_SHIFTS: WaveShift[] = [
  { from: 1, firm: 'Apex', segment: 'S1', shift: { price: 0.5, delivery: 0.5 } },
  { from: 2, firm: 'Dynamo', segment: 'S3', shift: { quality: 1.5, reliability: 1.5 } },
  { from: 2, firm: 'Apex', segment: 'S2', shift: { service: -1.2, support: -1.2 } },
];

/** Mean familiarity (1-5) of each firm, by segment. */
const FAM_MEAN: number[][] = [
  //  S1   S2   S3   S4   S5
  [2.8, 4.1, 3.1, 3.2, 4.1], // Apex
  [4.1, 3.3, 3.2, 3.5, 3.1], // Boreal
  [3.2, 3.2, 4.1, 3.1, 3.3], // Cobalt
  [3.5, 3.1, 3.1, 4.1, 3.1], // Dynamo
  [2.3, 2.3, 2.2, 2.4, 2.6], // Everfield
];

/** Share of the survey sample in each segment (S3 is under-sampled, S2 and S5 over-sampled). */
const SAMPLE_MIX = [0.22, 0.23, 0.13, 0.21, 0.21];
/** Base survey weight by segment (corrects the sampling mix above). */
const WEIGHT_BASE = [1.0, 0.85, 1.5, 1.0, 0.85];
/** Median category spend (thousand EUR) by segment. */
const SPEND_MEDIAN = [140, 170, 420, 150, 160];

/** Profile distributions by segment (rows: segments). The survey and the database share them. */
const INDUSTRY_MIX: number[][] = [
  // Manuf Chem  F&B  Constr Logist
  [0.1, 0.05, 0.25, 0.52, 0.08], // S1
  [0.62, 0.1, 0.1, 0.08, 0.1], // S2
  [0.18, 0.66, 0.06, 0.04, 0.06], // S3
  [0.08, 0.04, 0.06, 0.16, 0.66], // S4
  [0.1, 0.2, 0.58, 0.05, 0.07], // S5
];
const SIZE_MIX: number[][] = [
  // 1-49 50-249 250-999 1000+
  [0.58, 0.28, 0.1, 0.04], // S1
  [0.16, 0.44, 0.3, 0.1], // S2
  [0.03, 0.12, 0.33, 0.52], // S3
  [0.3, 0.4, 0.22, 0.08], // S4
  [0.18, 0.32, 0.32, 0.18], // S5
];
const REGION_MIX: number[][] = [
  // North South East West
  [0.14, 0.52, 0.22, 0.12], // S1
  [0.52, 0.14, 0.18, 0.16], // S2
  [0.28, 0.12, 0.24, 0.36], // S3
  [0.12, 0.2, 0.54, 0.14], // S4
  [0.14, 0.12, 0.12, 0.62], // S5
];

/** Apex's customer database: latent segment mix (by count), revenue scale and margin rate. */
const DB_MIX = [0.13, 0.4, 0.035, 0.12, 0.315];
const DB_REVENUE_MEDIAN = [5200, 9000, 6000, 5800, 8200]; // EUR per 12 months, before the size factor
const DB_SIZE_FACTOR = [0.5, 1, 2, 4]; // by size band
const DB_REVENUE_SDLOG = 1.6;
const DB_MARGIN_RATE = [0.11, 0.27, 0.31, 0.15, 0.24];

// Chinese labels (same order as the English lists above).
const ZH_FIRMS = ['顶峰', '北辰', '钴蓝', '动力', '常青'];
const ZH_NEEDS = ['质量', '价格', '交付', '服务', '支持', '创新', '可靠性', '可持续性'];
const ZH_INDUSTRIES = ['制造业', '化工', '食品饮料', '建筑', '物流'];
const ZH_REGIONS = ['北部', '南部', '东部', '西部'];
const ZH_SEGMENTS = ['细分1', '细分2', '细分3', '细分4', '细分5'];

// Seeds: one stream per concern, so that changing one part leaves the others' draws unchanged.
// Waves 2025-H1 and 2025-H2 share SEED_SURVEY's stream (they were drawn together before there were
// more waves); wave w >= 2 draws from its own stream SEED_LATER_WAVES + (w - 2), so that adding a
// wave leaves the earlier waves' rows byte-identical.
const SEED_SURVEY = 20250101;
const SEED_LATER_WAVES = 20260101;
const SEED_CUSTOMERS = 20250202;
const SEED_LINK = 20250303;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
function csv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** Integer percentages summing to 100 (largest remainder). */
function toPercent(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (100 * s) / total);
  const out = raw.map(Math.floor);
  let left = 100 - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/**
 * METHOD.md value, on the rescaled scales (imp 1-7, perf 1-10 to [0, 1]).
 * `perf[n]` is null when not rated. Returns null when the rated needs carry under half the importance.
 */
function methodValue(imp: number[], perf: (number | null)[]): number | null {
  const r = imp.map((x) => (x - 1) / 6);
  const sum = r.reduce((a, b) => a + b, 0);
  const a = sum > 0 ? r.map((x) => x / sum) : r.map(() => 1 / r.length);
  let num = 0;
  let den = 0;
  for (let n = 0; n < perf.length; n++) {
    const p = perf[n];
    if (p === null) continue;
    num += a[n] * ((p - 1) / 9);
    den += a[n];
  }
  if (den < 0.5 - 1e-9) return null;
  return num / den;
}

// ---------------------------------------------------------------------------------------------
// Survey
// ---------------------------------------------------------------------------------------------

interface Respondent {
  id: string;
  wave: string;
  seg: number;
  weight: number;
  industry: number;
  size: number;
  region: number;
  imp: number[];
  perf: (number | null)[][]; // [firm][need]
  fam: number[];
  sow: (number | null)[];
  overall: (number | null)[];
  spend: number;
}

function drawRespondent(r: Rng, index: number, wave: number): Respondent {
  const seg = pick(r, SAMPLE_MIX);
  const weight = clamp(Math.round(WEIGHT_BASE[seg] * Math.exp(normal(r, 0, 0.2)) * 100) / 100, 0.5, 2.0);
  const industry = pick(r, INDUSTRY_MIX[seg]);
  const size = pick(r, SIZE_MIX[seg]);
  const region = pick(r, REGION_MIX[seg]);

  // Importance: segment profile + a respondent's scale use + item noise.
  const shift = normal(r, 0, 0.4);
  const imp = IMP_MEAN[seg].map((m) => clamp(Math.round(m + shift + normal(r, 0, 0.9)), 1, 7));
  const impRescaled = imp.map((x) => (x - 1) / 6);
  const impSum = impRescaled.reduce((a, b) => a + b, 0);
  const impW = impSum > 0 ? impRescaled.map((x) => x / impSum) : impRescaled.map(() => 1 / NN);

  const fam: number[] = [];
  const perf: (number | null)[][] = [];
  const latentValue: number[] = [];
  for (let f = 0; f < NF; f++) {
    fam.push(clamp(Math.round(normal(r, FAM_MEAN[f][seg], 1.0)), 1, 5));
    const halo = normal(r, 0, 0.5);
    const row: (number | null)[] = [];
    let lv = 0;
    for (let n = 0; n < NN; n++) {
      let mu = PERF_BASE[f][n] + PERF_ADJ[f][seg] + halo;
      for (const c of WAVE_SHIFTS) if (wave >= c.from && FIRMS[f] === c.firm && SEGMENTS[seg] === c.segment) mu += c.shift[NEEDS[n]] ?? 0;
      const latent = clamp(mu + normal(r, 0, 0.9), 1, 10);
      lv += impW[n] * ((latent - 1) / 9);
      const blankRate = fam[f] === 1 ? 1 : fam[f] === 2 ? 0.75 : fam[f] === 3 ? 0.07 : 0.03;
      row.push(r() < blankRate ? null : Math.round(latent));
    }
    perf.push(row);
    latentValue.push(lv);
  }

  const overall = fam.map((fm, f) =>
    fm <= 2 ? null : clamp(Math.round(1 + 9 * latentValue[f] + normal(r, 0, 0.7)), 1, 10),
  );

  // Share of wallet: METHOD.md share of value with the true beta over the consideration set,
  // perturbed by multiplicative lognormal noise, rounded to whole percentages.
  const sow: (number | null)[] = FIRMS.map(() => null);
  const noWallet = r() < NO_WALLET_RATE;
  const values = FIRMS.map((_, f) => (fam[f] >= 3 ? methodValue(imp, perf[f]) : null));
  const k = values.map((v, f) => (v === null ? -1 : f)).filter((f) => f >= 0);
  const noise = FIRMS.map(() => normal(r, 0, 0.25));
  if (!noWallet && k.length > 0) {
    const vmax = Math.max(...k.map((f) => values[f] as number));
    const s = k.map((f) => Math.exp(BETA_TRUE * ((values[f] as number) - vmax) + noise[f]));
    const pct = toPercent(s);
    k.forEach((f, j) => {
      if (pct[j] > 0) sow[f] = pct[j];
    });
  }

  const spend = Math.round(SPEND_MEDIAN[seg] * Math.exp(normal(r, 0, 0.75)) * 10) / 10;

  return {
    id: `R${pad(index + 1, 5)}`,
    wave: WAVES[wave],
    seg,
    weight,
    industry,
    size,
    region,
    imp,
    perf,
    fam,
    sow,
    overall,
    spend: Math.max(spend, 0.1),
  };
}

function drawSurvey(): Respondent[] {
  const first = rng(SEED_SURVEY);
  const out: Respondent[] = [];
  for (let w = 0; w < WAVES.length; w++) {
    const r = w < 2 ? first : rng(SEED_LATER_WAVES + w - 2);
    for (let i = 0; i < PER_WAVE; i++) out.push(drawRespondent(r, out.length, w));
  }
  return out;
}

const cell = (v: number | null) => (v === null ? '' : String(v));

function wideHeader(): string[] {
  return [
    'id',
    'wave',
    'segment',
    'weight',
    'industry',
    'size_band',
    'region',
    ...NEEDS.map((n) => `imp:${n}`),
    ...FIRMS.flatMap((f) => NEEDS.map((n) => `perf:${f}:${n}`)),
    ...FIRMS.map((f) => `fam:${f}`),
    ...FIRMS.map((f) => `sow:${f}`),
    ...FIRMS.map((f) => `overall:${f}`),
    'spend',
  ];
}

interface Labels {
  segment: readonly string[];
  industry: readonly string[];
  region: readonly string[];
}
const EN: Labels = { segment: SEGMENTS, industry: INDUSTRIES, region: REGIONS };
const ZH: Labels = { segment: ZH_SEGMENTS, industry: ZH_INDUSTRIES, region: ZH_REGIONS };

function wideRow(p: Respondent, labels: Labels): string[] {
  return [
    p.id,
    p.wave,
    labels.segment[p.seg],
    p.weight.toFixed(2),
    labels.industry[p.industry],
    SIZE_BANDS[p.size],
    labels.region[p.region],
    ...p.imp.map(String),
    ...p.perf.flatMap((row) => row.map(cell)),
    ...p.fam.map(String),
    ...p.sow.map(cell),
    ...p.overall.map(cell),
    p.spend.toFixed(1),
  ];
}

function zhHeader(): string[] {
  return [
    '编号',
    '波次',
    '细分',
    '权重',
    '行业',
    '规模',
    '地区',
    ...ZH_NEEDS.map((n) => `重要性:${n}`),
    ...ZH_FIRMS.flatMap((f) => ZH_NEEDS.map((n) => `表现:${f}:${n}`)),
    ...ZH_FIRMS.map((f) => `熟悉度:${f}`),
    ...ZH_FIRMS.map((f) => `钱包份额:${f}`),
    ...ZH_FIRMS.map((f) => `总体:${f}`),
    '支出',
  ];
}

function stacked(people: Respondent[]): string {
  const header = [
    'id',
    'wave',
    'segment',
    'weight',
    'industry',
    'size_band',
    'region',
    ...NEEDS.map((n) => `imp:${n}`),
    'firm',
    ...NEEDS.map((n) => `perf:${n}`),
    'fam',
    'sow',
    'overall',
    'spend',
  ];
  const rows: string[][] = [];
  for (const p of people) {
    const head = [
      p.id,
      p.wave,
      SEGMENTS[p.seg],
      p.weight.toFixed(2),
      INDUSTRIES[p.industry],
      SIZE_BANDS[p.size],
      REGIONS[p.region],
      ...p.imp.map(String),
    ];
    for (let f = 0; f < NF; f++) {
      if (p.fam[f] < 2) continue;
      rows.push([
        ...head,
        FIRMS[f],
        ...p.perf[f].map(cell),
        String(p.fam[f]),
        cell(p.sow[f]),
        cell(p.overall[f]),
        p.spend.toFixed(1),
      ]);
    }
  }
  return csv(header, rows);
}

/**
 * METHOD.md share of value of `firm` in `segment` in one wave, on the written rows with the true
 * beta: weighted mean over the segment's respondents with a non-empty consideration set.
 */
function segmentShareOfValue(people: Respondent[], wave: string, segment: string, firm: string): number {
  const f0 = FIRMS.indexOf(firm as (typeof FIRMS)[number]);
  let num = 0,
    den = 0;
  for (const p of people) {
    if (p.wave !== wave || SEGMENTS[p.seg] !== segment) continue;
    const values = FIRMS.map((_, f) => (p.fam[f] >= 3 ? methodValue(p.imp, p.perf[f]) : null));
    const k = values.flatMap((v, f) => (v === null ? [] : [f]));
    if (k.length === 0) continue;
    const vmax = Math.max(...k.map((f) => values[f] as number));
    const e = k.map((f) => Math.exp(BETA_TRUE * ((values[f] as number) - vmax)));
    const total = e.reduce((a, b) => a + b, 0);
    const j = k.indexOf(f0);
    num += p.weight * (j >= 0 ? e[j] / total : 0);
    den += p.weight;
  }
  return num / den;
}

// ---------------------------------------------------------------------------------------------
// Customer database
// ---------------------------------------------------------------------------------------------

interface Customer {
  id: string;
  seg: number;
  industry: number;
  size: number;
  region: number;
  revenue: number;
  margin: number;
  first: number; // days since 1970-01-01
  last: number;
  respondentId: string;
}

const DAY = 86_400_000;
const END = Date.UTC(2025, 11, 31) / DAY;
const START = Date.UTC(2008, 0, 1) / DAY;
const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

function drawCustomers(): Customer[] {
  const r = rng(SEED_CUSTOMERS);
  const out: Customer[] = [];
  for (let i = 0; i < N_CUSTOMERS; i++) {
    const seg = pick(r, DB_MIX);
    const industry = pick(r, INDUSTRY_MIX[seg]);
    const size = pick(r, SIZE_MIX[seg]);
    const region = pick(r, REGION_MIX[seg]);
    const revenue =
      Math.round(DB_REVENUE_MEDIAN[seg] * DB_SIZE_FACTOR[size] * Math.exp(normal(r, 0, DB_REVENUE_SDLOG)) * 100) / 100;
    const rate = clamp(normal(r, DB_MARGIN_RATE[seg], 0.04), 0.02, 0.6);
    const margin = Math.round(revenue * rate * 100) / 100;
    const first = START + Math.floor(r() * (END - START + 1));
    // Most customers bought recently; about a fifth have lapsed somewhere in their tenure.
    const last =
      r() < 0.2
        ? first + Math.floor(r() * (END - first + 1))
        : Math.max(first, END - Math.floor(-Math.log(1 - r()) * 90));
    out.push({
      id: `C${pad(i + 1, 6)}`,
      seg,
      industry,
      size,
      region,
      revenue: Math.max(revenue, 0.01),
      margin,
      first,
      last,
      respondentId: '',
    });
  }
  return out;
}

/** Link about N_LINKED survey respondents who buy from Apex to database customers of the same segment. */
function link(people: Respondent[], customers: Customer[]): number {
  const r = rng(SEED_LINK);
  const apexIdx = FIRMS.indexOf(US);
  const buyers = people.filter((p) => p.sow[apexIdx] !== null);
  // Partial Fisher-Yates: a deterministic random sample of buyers.
  const pool = buyers.slice();
  const n = Math.min(N_LINKED, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(r() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const bySeg: number[][] = SEGMENTS.map(() => []);
  customers.forEach((c, i) => bySeg[c.seg].push(i));
  let linked = 0;
  for (const p of pool.slice(0, n)) {
    const candidates = bySeg[p.seg];
    while (candidates.length > 0) {
      const j = Math.floor(r() * candidates.length);
      const ci = candidates[j];
      candidates.splice(j, 1);
      const c = customers[ci];
      if (c.respondentId) continue;
      c.respondentId = p.id;
      c.industry = p.industry;
      c.size = p.size;
      c.region = p.region;
      linked++;
      break;
    }
  }
  return linked;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function main(): void {
  const people = drawSurvey();
  const customers = drawCustomers();
  // The database is an export of 2025 (last purchase <= 2025-12-31): it is linked to the 2025 waves'
  // respondents only, which also keeps customers.csv byte-identical whatever later waves are added.
  const linked = link(people.filter((p) => p.wave.startsWith('2025-')), customers);

  const write = (name: string, text: string | Buffer) => writeFileSync(join(OUT, name), text);

  write('survey.csv', csv(wideHeader(), people.map((p) => wideRow(p, EN))));

  const wave1 = people.filter((p) => p.wave === WAVES[0]);
  write('survey_stacked.csv', stacked(wave1.slice(0, 400)));

  const zh = csv(zhHeader(), people.slice(0, 800).map((p) => wideRow(p, ZH)));
  write('survey_zh.csv', '\uFEFF' + zh);
  write('survey_zh_gb18030.csv', iconv.encode(zh, 'gb18030'));

  write(
    'customers.csv',
    csv(
      [
        'customer_id',
        'industry',
        'size_band',
        'region',
        'revenue_12m',
        'margin_12m',
        'first_purchase',
        'last_purchase',
        'respondent_id',
      ],
      customers.map((c) => [
        c.id,
        INDUSTRIES[c.industry],
        SIZE_BANDS[c.size],
        REGIONS[c.region],
        c.revenue.toFixed(2),
        c.margin.toFixed(2),
        isoDate(c.first),
        isoDate(c.last),
        c.respondentId,
      ]),
    ),
  );

  // Planted facts, measured on what was written.
  const marketValue = SEGMENTS.map(() => 0);
  for (const p of people) marketValue[p.seg] += p.weight * p.spend;
  const revenue = SEGMENTS.map(() => 0);
  const count = SEGMENTS.map(() => 0);
  for (const c of customers) {
    revenue[c.seg] += c.revenue;
    count[c.seg] += 1;
  }
  const totalRevenue = revenue.reduce((a, b) => a + b, 0);
  const bySeg = <T>(f: (s: number) => T) => Object.fromEntries(SEGMENTS.map((s, i) => [s, f(i)]));
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

  const truth = {
    us: US,
    firms: FIRMS,
    needs: NEEDS,
    segments: SEGMENTS,
    waves: WAVES,
    beta_true: BETA_TRUE,
    leaders: { S1: 'Boreal', S2: 'Apex', S3: 'Cobalt', S4: 'Dynamo', S5: 'Apex' },
    apex_leads: ['S2', 'S5'],
    apex_weak_in: 'S1',
    niche_firm: 'Everfield',
    wave_change: { firm: US, segment: 'S1', needs: Object.keys(WAVE_SHIFTS[0].shift), perf_gain: 0.5, from: WAVES[0], to: WAVES[1] },
    // Each planted change with its size in share of value, measured on the written rows with the
    // true beta (METHOD.md formulas, as methodValue): the segment's weighted mean share of value in
    // the wave before the change (`from`) and the wave it appears in (`to`).
    wave_changes: WAVE_SHIFTS.map((c) => {
      const before = segmentShareOfValue(people, WAVES[c.from - 1], c.segment, c.firm);
      const after = segmentShareOfValue(people, WAVES[c.from], c.segment, c.firm);
      return {
        firm: c.firm,
        segment: c.segment,
        perf_shift: c.shift,
        from: WAVES[c.from - 1],
        to: WAVES[c.from],
        kind: c.firm === US ? (Object.values(c.shift).some((v) => v > 0) ? 'our-gain' : 'our-loss') : 'competitor-gain',
        sov_from: round6(before),
        sov_to: round6(after),
        sov_change: round6(after - before),
      };
    }),
    market_value_rank: SEGMENTS.map((s, i) => [s, marketValue[i]] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([s]) => s),
    market_value: bySeg((i) => round6(marketValue[i])),
    database_revenue_share: bySeg((i) => round6(revenue[i] / totalRevenue)),
    database_customer_count: bySeg((i) => count[i]),
    respondents: people.length,
    respondents_per_wave: PER_WAVE,
    customers: customers.length,
    linked_customers: linked,
  };
  write('sample-truth.json', JSON.stringify(truth, null, 2) + '\n');

  console.log(
    `wrote ${people.length} respondents, ${customers.length} customers (${linked} linked to respondents) into ${OUT}`,
  );
}

main();
