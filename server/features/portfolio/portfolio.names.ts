import type { TFunction } from 'i18next'
import type { Role } from '../../../shared/schemas/accounts.js'

/** Whoever wrote or shared something, as a file that leaves the app names her: a pupil by her class only ("a pupil in Year 5"). */
export const exportAuthor = (
  item: { authorRole: Role; authorName: string; className: string | null },
  t: TFunction,
): string =>
  item.authorRole !== 'pupil'
    ? item.authorName
    : item.className
      ? t('pupilIn', { className: item.className })
      : t('aPupil')

/** A pupil a letter was addressed to, never by name. */
export const exportAddressee = (t: TFunction): string => t('aPupil')
