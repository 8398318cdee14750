/**
 * The model's defaults and ranges, stated once (METHOD.md): every layer (core, workers, page, CLI)
 * imports them from here.
 */
/** METHOD.md, "Identify and Measure": beta (value sensitivity) is calibrated, or set, in [0, 50]. */
export const BETA_RANGE = [0, 50] as const;
/** METHOD.md: beta when the survey has no wallet data and none is set. */
export const DEFAULT_BETA = 10;

/** How the map is fitted (map/jointMap.ts documents each; the map-quality benchmark chose the default). */
export const MAP_METHODS = ['joint', 'replace', 'prefscal', 'small-weights', 'interval', 'ratio', 'ordinal', 'leader-gap'] as const;
export type MapMethod = (typeof MAP_METHODS)[number];
export const DEFAULT_MAP_METHOD: MapMethod = 'joint';

/** Parse a method name (CLI, saved settings), throwing a message that lists the choices. */
export function parseMapMethod(name: string): MapMethod {
  if ((MAP_METHODS as readonly string[]).includes(name)) return name as MapMethod;
  throw new Error(`map method "${name}" is not known; use one of ${MAP_METHODS.join(', ')}`);
}
/** METHOD.md: firm-firm and segment-segment pairs weigh 0.2 against firm-segment pairs. */
export const DEFAULT_WITHIN_WEIGHT = 0.2;
/** Bootstrap replicates behind the confidence ellipses. */
export const DEFAULT_REPLICATES = 100;

/** What the map's distances stand for. */
export type MapMetric = 'shareOfValue' | 'shareOfWallet' | 'relativeValue';

/** The map settings a new session starts with (the page's Map settings, the CLI's `map` defaults). */
export const DEFAULT_MAP_SETTINGS: { metric: MapMetric; method: MapMethod; withinWeight: number; replicates: number } = {
  metric: 'shareOfValue',
  method: DEFAULT_MAP_METHOD,
  withinWeight: DEFAULT_WITHIN_WEIGHT,
  replicates: DEFAULT_REPLICATES,
};
