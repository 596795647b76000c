// Whose spoons and cups a recipe's lines mean (its `measure_system`), in words: the editor's
// choice and the note on a recipe's page say what a cup and a spoon hold.

import { t } from './i18n.js';

/** The measure systems of the API, with their names and what their cup and spoons hold. */
function measureSystems() {
  return [
    ['metric', t('measures.metric'), t('measures.metricSizes')],
    ['us', t('measures.us'), t('measures.usSizes')],
    ['korean', t('measures.korean'), t('measures.koreanSizes')],
  ];
}

/** "Korean measures: 1 컵 = 200 ml, 1 큰술 = 15 ml (assumed from the lines)". */
export function measureNote(system, assumed) {
  const found = measureSystems().find(([id]) => id === system);
  if (!found) return '';
  const [, name, sizes] = found;
  return assumed ? t('measures.noteAssumed', { name, sizes }) : t('measures.noteChosen', { name, sizes });
}

/** The editor's options: assume from the lines (''), or one system, e.g. "Korean (1 컵 = 200 ml)". */
export function measureOptions() {
  return [['', t('measures.assume')],
    ...measureSystems().map(([id, name, sizes]) => [id, `${name} (${sizes.split(',')[0]})`])];
}
