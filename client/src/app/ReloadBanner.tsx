import { useTranslation } from 'react-i18next'

/** Shown when the server runs a newer Bridges than this tab: live updates stop until the page reloads. */
export function ReloadBanner() {
  const { t } = useTranslation('common')
  return (
    <div className="notice reload-banner" role="alert">
      <strong>{t('updated.title')}</strong> {t('updated.body')}{' '}
      <button type="button" onClick={() => window.location.reload()}>
        {t('updated.reload')}
      </button>
    </div>
  )
}
