import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useLocation } from 'react-router'
import type { Role } from '../../../shared/schemas/accounts.js'
import { ErrorNotice } from '../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../ui/Page.js'
import { useMe } from './session.js'

/** Shows its children only to a signed-in user of one of the roles; others are refused or sent to sign in. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { t } = useTranslation()
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <Loading />
  // A failed refresh (a weak line) keeps the page for the person already known.
  if (me.isError && !me.data) return <ErrorNotice error={me.error} />
  if (!me.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />
  if (!roles.includes(me.data.user.role)) {
    return (
      <section>
        <PageHeader title={t('common:notAllowed.title')} />
        <p className="notice error" role="alert">
          {t('common:notAllowed.body')}
        </p>
        <Link className="button" to="/">
          {t('common:notAllowed.home')}
        </Link>
      </section>
    )
  }
  return <>{children}</>
}

/** `/` sends each person to their own home. */
export function HomeRedirect() {
  const me = useMe()
  if (me.isPending) return <Loading />
  if (!me.data) return <Navigate to="/sign-in" replace />
  return <Navigate to={me.data.user.role === 'teacher' ? '/classes' : '/home'} replace />
}
