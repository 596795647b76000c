// Whose spoons and cups a recipe's lines mean (its `measure_system`), in words: the editor's
// choice and the note on a recipe's page say what a cup and a spoon hold.

/** The measure systems of the API, with what their cup and spoons hold. */
export const MEASURE_SYSTEMS = [
  ['metric', 'Metric', '1 cup = 250 ml, 1 tbsp = 15 ml'],
  ['us', 'US', '1 cup = 240 ml, 1 tbsp = 14.8 ml'],
  ['korean', 'Korean', '1 컵 = 200 ml, 1 큰술 = 15 ml'],
];

/** "Korean measures: 1 컵 = 200 ml, 1 큰술 = 15 ml (assumed from the lines)". */
export function measureNote(system, assumed) {
  const found = MEASURE_SYSTEMS.find(([id]) => id === system);
  if (!found) return '';
  const [, name, sizes] = found;
  return `${name} measures: ${sizes} (${assumed ? 'assumed from the lines' : 'chosen by the author'})`;
}

/** The editor's options: assume from the lines (''), or one system, e.g. "Korean (1 컵 = 200 ml)". */
export function measureOptions() {
  return [['', 'Assume from the lines'],
    ...MEASURE_SYSTEMS.map(([id, name, sizes]) => [id, `${name} (${sizes.split(',')[0]})`])];
}
