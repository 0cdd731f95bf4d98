import { useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { isSupportedLocale } from '../../../../shared/locales.js'
import { apiPatch } from '../../api/http.js'
import { ME_KEY, useMe, type Me } from '../../app/session.js'
import { LANGUAGES, applyLocale, chooseLocaleSignedOut } from '../../i18n/index.js'

/**
 * Changes the interface language. Each language is listed by its own name; those no native speaker has
 * reviewed say "draft translation" (in the reader's language). Signed in, the choice is the account's;
 * signed out, it is remembered on this device and kept by the next sign-in (see chooseLocaleSignedOut).
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  const id = useId()
  const me = useMe()
  const queryClient = useQueryClient()
  const current = LANGUAGES.find((language) => language.locale === i18n.language)

  const change = async (value: string) => {
    if (!isSupportedLocale(value)) return
    if (!me.data) return chooseLocaleSignedOut(value)
    applyLocale(value)
    const user = await apiPatch<Me['user']>('/me', { locale: value })
    queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, user } : old))
  }

  return (
    <span className="row">
      <label htmlFor={id}>{t('common:language')}</label>
      <select id={id} value={i18n.language} onChange={(event) => void change(event.target.value)}>
        {LANGUAGES.map(({ locale, name, reviewed }) => (
          // The name isolated (FSI…PDI): an Arabic name beside an English note keeps its own order.
          <option key={locale} value={locale} lang={locale}>
            {reviewed ? name : `\u2068${name}\u2069 (${t('common:draftTranslation')})`}
          </option>
        ))}
      </select>
      {current && !current.reviewed ? (
        <span className="badge" data-testid="draft-translation">
          {t('common:draftTranslation')}
        </span>
      ) : null}
    </span>
  )
}
