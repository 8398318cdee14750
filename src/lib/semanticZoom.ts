/**
 * The zooms at which the map changes level (market → segment → respondents and back), as pure
 * rules. Each level opens at a zoom and closes only well below it (hysteresis), so a zoom that
 * hovers near a threshold, or an animated pan that zooms out on its way (d3's interpolateZoom,
 * van Wijk and Nuij 2003), does not flicker between levels.
 */

/** The market zoom from which wheeling in opens the segment under the pointer. */
export const DRILL_IN_K = 3;
/** Respondents show when zoomed this far past the zoom their segment opened at. */
export const RESPONDENTS_AT = 1.8;
/** A level closes when a gesture ends this far below the zoom it opened at. */
export const LEVEL_OUT = 1.6;

/**
 * Whether a segment's respondents show after a zoom event at scale `k`: they open as soon as `k`
 * reaches RESPONDENTS_AT times the segment's opening zoom `entryK`, and close only when a gesture
 * ends (`ended`) below that threshold divided by LEVEL_OUT.
 */
export function respondentsShown(shown: boolean, k: number, entryK: number, ended: boolean): boolean {
  const open = entryK * RESPONDENTS_AT;
  if (!shown) return k >= open;
  return !(ended && k < open / LEVEL_OUT);
}

/** Whether a gesture ending at scale `k` closes a segment opened at `entryK` (back to the market). */
export function closesSegment(k: number, entryK: number): boolean {
  return k < entryK / LEVEL_OUT;
}
