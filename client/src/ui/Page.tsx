import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** A page's main heading, optional intro and actions; also names the browser tab. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation()
  useEffect(() => {
    document.title = `${title} · ${t('common:appName')}`
  }, [title, t])
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {intro ? <p>{intro}</p> : null}
      </div>
      {actions ? <div className="row no-print">{actions}</div> : null}
    </div>
  )
}

export function Loading() {
  const { t } = useTranslation()
  return (
    <p role="status" className="muted">
      {t('common:loading')}
    </p>
  )
}
