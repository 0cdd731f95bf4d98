import { useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { SUPPORTED_LOCALES, isSupportedLocale } from '../../../../shared/locales.js'
import { apiPatch } from '../../api/http.js'
import { ME_KEY, useMe, type Me } from '../../app/session.js'
import { applyLocale } from '../../i18n/index.js'

/** Changes the interface language; remembered on this device, and on the account when signed in. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  const id = useId()
  const me = useMe()
  const queryClient = useQueryClient()

  const change = async (value: string) => {
    if (!isSupportedLocale(value)) return
    applyLocale(value)
    if (me.data) {
      const user = await apiPatch<Me['user']>('/me', { locale: value })
      queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, user } : old))
    }
  }

  return (
    <span className="row">
      <label htmlFor={id}>{t('common:language')}</label>
      <select id={id} value={i18n.language} onChange={(event) => void change(event.target.value)}>
        {SUPPORTED_LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`common:languageNames.${locale}`, { lng: locale })}
          </option>
        ))}
      </select>
    </span>
  )
}
