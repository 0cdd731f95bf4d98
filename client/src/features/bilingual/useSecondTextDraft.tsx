import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SecondText } from '../../../../shared/schemas/bilingual.js'
import { useMe } from '../../app/session.js'
import { useFormat } from '../../i18n/format.js'
import { TextAreaField } from '../../ui/Field.js'
import { useLink } from '../links/api.js'
import { partnerLanguage } from './partnerLanguage.js'

/**
 * The optional second text of a post being written: the same text in the partner class's language.
 * A form keeps it with its other fields: `field(body)` shows it once there is a first text, `input()`
 * is what the post sends, `reset()` after sending and `load(input)` to edit an outbox entry again.
 */
export function useSecondTextDraft(linkId: string | null) {
  const { t, i18n } = useTranslation()
  const format = useFormat()
  const me = useMe().data?.user
  const link = useLink(linkId ?? '', { enabled: Boolean(linkId) })
  const language = linkId ? partnerLanguage(link.data, me?.schoolId, i18n.language) : undefined
  const [body, setBody] = useState('')
  return {
    field: (first: string) =>
      language && first ? (
        <TextAreaField
          label={t('common:bilingual.secondText', { language: format.language(language) })}
          lang={language}
          dir="auto"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          maxLength={4000}
          rows={3}
        />
      ) : null,
    input: (): { language: string; secondText?: SecondText } => ({
      language: i18n.language,
      ...(language && body.trim() ? { secondText: { language, body } } : {}),
    }),
    reset: () => setBody(''),
    load: (input: { secondText?: SecondText }) => setBody(input.secondText?.body ?? ''),
  }
}
