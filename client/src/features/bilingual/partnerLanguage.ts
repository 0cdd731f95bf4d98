import { sameLanguage } from '../../../../shared/locales.js'
import type { Link } from '../../../../shared/schemas/links.js'

/** The language a partner school reads that the text is not yet in: the first of the partner classes' languages. */
export function partnerLanguage(
  link: Link | undefined,
  ownSchoolId: string | undefined,
  written: string,
): string | undefined {
  const languages = link?.classes.filter((c) => c.schoolId !== ownSchoolId).flatMap((c) => c.languages) ?? []
  return languages.find((language) => !sameLanguage(language, written))
}
