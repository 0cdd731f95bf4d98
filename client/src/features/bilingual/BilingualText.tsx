import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { sameLanguage } from '../../../../shared/locales.js'
import type { SecondText } from '../../../../shared/schemas/bilingual.js'
import { useFormat } from '../../i18n/format.js'
import { PostBody } from '../boards/PostBody.js'

/** A wall letter or a board post: its text, the language it was written in, and maybe a second text. */
export interface BilingualItem {
  body: string
  /** '' (or absent) for items from before the language was recorded. */
  language?: string
  secondText?: SecondText | null
}

/**
 * A text, and the same text in a second language when it has one: the reader's own language first,
 * the other a tap away. Each text carries its language (`lang`, so the browser picks the font and a
 * screen reader the voice) and its own direction (`dir="auto"`: an Urdu letter on an English page).
 */
export function BilingualText({ item }: { item: BilingualItem }) {
  const { t, i18n } = useTranslation()
  const format = useFormat()
  const texts = [{ language: item.language ?? '', body: item.body }, ...(item.secondText ? [item.secondText] : [])]
  const ownFirst = texts.findIndex((text) => sameLanguage(text.language, i18n.language))
  const [shown, setShown] = useState<number | null>(null)
  const index = shown ?? Math.max(0, ownFirst)
  const text = texts[index]!
  const other = texts.length > 1 ? texts[1 - index] : undefined
  return (
    <div className="stack bilingual">
      <div lang={text.language || undefined} dir="auto" data-testid="bilingual-text">
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
