import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { SUPPORTED_LOCALES, type Locale } from '../../../../shared/locales.js'
import type { SchoolClass } from '../../../../shared/schemas/schools.js'
import { apiPatch } from '../../api/http.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { useSavedChoice } from '../../ui/useSavedChoice.js'
import { classKey } from './api.js'

/** The interface language the class's pupils start in (their session and sign-in cards) unless one chose her own. */
export function ClassLanguageSetting({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation('schools')
  const format = useFormat()
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: (defaultLocale: Locale | null) =>
      apiPatch<SchoolClass>(`/classes/${schoolClass.id}`, { defaultLocale }),
    onSuccess: (updated) => queryClient.setQueryData(classKey(schoolClass.id), updated),
    // One save after another, so the last choice made is the one kept (the select stays usable by keyboard).
    scope: { id: `class-language-${schoolClass.id}` },
  })
  const { value, choose } = useSavedChoice<Locale | null>(schoolClass.defaultLocale ?? null, (locale, onError) =>
    save.mutate(locale, { onError }),
  )
  return (
    <section className="card stack no-print" aria-labelledby="class-language-title">
      <h2 id="class-language-title">{t('classLanguage.title')}</h2>
      <div className="field">
        <label htmlFor="class-language">{t('classLanguage.label')}</label>
        <select
          id="class-language"
          value={value ?? ''}
          aria-describedby="class-language-hint"
          onChange={(e) => choose((e.target.value || null) as Locale | null)}
        >
          <option value="">{t('classLanguage.none')}</option>
          {SUPPORTED_LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {format.language(locale)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" id="class-language-hint">
        {t('classLanguage.hint')}
      </p>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </section>
  )
}
