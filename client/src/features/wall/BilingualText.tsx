import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Link } from '../../../../shared/schemas/links.js'
import type { WallItem } from '../../../../shared/schemas/wall.js'
import { useFormat } from '../../i18n/format.js'
import { PostBody } from '../boards/PostBody.js'

const primary = (tag: string) => tag.toLowerCase().split('-')[0] ?? ''

/** The language a partner school reads that the text is not yet in: the first of the partner classes' languages. */
export function partnerLanguage(link: Link | undefined, ownSchoolId: string | undefined, written: string): string | undefined {
  const languages = link?.classes.filter((c) => c.schoolId !== ownSchoolId).flatMap((c) => c.languages) ?? []
  return languages.find((language) => primary(language) !== primary(written))
}

/**
 * A letter's text, and the same letter in a second language when it has one: the reader's own language
 * first, the other a tap away. Each text carries its language (`lang`, so the browser picks the font and
 * a screen reader the voice) and its own direction (`dir="auto"`: an Urdu letter on an English page).
 */
export function BilingualText({ item }: { item: WallItem }) {
  const { t, i18n } = useTranslation()
  const format = useFormat()
  const texts = [{ language: item.language, body: item.body }, ...(item.secondText ? [item.secondText] : [])]
  const ownFirst = texts.findIndex((text) => primary(text.language) === primary(i18n.language))
  const [shown, setShown] = useState<number | null>(null)
  const index = shown ?? Math.max(0, ownFirst)
  const text = texts[index]!
  const other = texts.length > 1 ? texts[1 - index] : undefined
  return (
    <div className="stack bilingual">
      <div lang={text.language || undefined} dir="auto" data-testid="letter-text">
        <PostBody text={text.body} />
      </div>
      {other ? (
        <button type="button" className="secondary small" lang={i18n.language} onClick={() => setShown(1 - index)}>
          {t('common:bilingual.readIn', { language: format.language(other.language) })}
        </button>
      ) : null}
    </div>
  )
}
