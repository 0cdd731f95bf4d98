import type { TFunction } from 'i18next'

/**
 * The name to show for an author. A pupil who left keeps her items only under no name (her school
 * chose to keep what she wrote): every reader sees "a former pupil" in their own language.
 */
export function authorLabel(name: string, t: TFunction): string {
  return name === '' ? t('common:formerPupil') : name
}
