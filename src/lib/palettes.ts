/**
 * The map's colours, chosen to survive colour blindness (issue 11 item 7). Before, firms took
 * d3's Tableau10, whose red and green (#e15759, #59a14f) are ΔE 0.9 apart for a deuteranope: two
 * firms' respondents looked the same to about 1 man in 17.
 *
 * - Firms: Okabe & Ito's palette (Color Universal Design, 2008), ordered so the first five (most
 *   surveys) are the most distinct; black last. Beyond seven firms the colours repeat.
 * - Value tiers: dark to light (magma-like) then grey, so the order reads by lightness alone.
 * - Score classes: viridis (lightness rises monotonically).
 *
 * test/unit/lib/palettes.test.ts checks each palette under simulated protanopia, deuteranopia and
 * tritanopia (test/unit/lib/cvd.ts) with a least CIELAB distance between any two colours.
 */
export const FIRM_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;
export const TIER_COLOURS = ['#3b0f70', '#b73779', '#fc8961', '#c8ced6'] as const;
export const POINTS_COLOURS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

export const firmColour = (f: number): string => FIRM_COLOURS[f % FIRM_COLOURS.length];
