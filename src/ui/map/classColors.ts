/**
 * One colour per class, by the class's position in the class list: the embedding map's dots and
 * legend and the presentation view's bars use the same colours. The first eight are the
 * Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), its yellow
 * darkened to stay visible on white; later classes get evenly spread hues.
 */
const PALETTE = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#9a8700',
  '#888888',
] as const;

/** The colour of the class at `index` in the class list. */
export function classColor(index: number): string {
  if (index >= 0 && index < PALETTE.length) return PALETTE[index]!;
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 70% 38%)`;
}

/** Class id → colour, for every class in `classIds` order. */
export function classColors(classIds: readonly string[]): Map<string, string> {
  return new Map(classIds.map((id, i) => [id, classColor(i)]));
}
