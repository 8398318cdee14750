/** Label positions the user dragged, remembered per map level in localStorage. */
const PREFIX = 'icrm.pins.';

export function loadPins(level: string): Record<string, { dx: number; dy: number }> {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFIX + level) ?? '{}');
    const out: Record<string, { dx: number; dy: number }> = {};
    for (const [k, v] of Object.entries(raw ?? {}))
      if (v && typeof v === 'object' && Number.isFinite((v as { dx: number }).dx) && Number.isFinite((v as { dy: number }).dy)) out[k] = { dx: (v as { dx: number }).dx, dy: (v as { dy: number }).dy };
    return out;
  } catch {
    return {};
  }
}

export function savePins(level: string, pins: Record<string, { dx: number; dy: number }>): void {
  try {
    localStorage.setItem(PREFIX + level, JSON.stringify(pins));
  } catch {
    /* not remembered */
  }
}
