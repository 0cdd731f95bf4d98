import { Suspense, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { LanguageSwitcher } from '../features/accounts/LanguageSwitcher.js'
import { useMe, useSignOut } from './session.js'
import { navItemsFor } from './navigation.js'
import { Icon } from '../ui/Icon.js'
import { Loading } from '../ui/Page.js'

export function Layout() {
  const { t } = useTranslation()
  const me = useMe()
  const signOut = useSignOut()
  const navigate = useNavigate()
  const user = me.data?.user
  useScrollToTopOnNavigation()

  return (
    <>
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span className="brand-name">{t('common:appName')}</span>
        </NavLink>
        {user ? (
          <nav className="app-nav" aria-label={t('common:mainNavigation')}>
            {navItemsFor(user.role).map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end}>
                {item.icon ? <Icon name={item.icon} /> : null}
                {t(item.label)}
                {item.Badge ? (
                  <Suspense fallback={null}>
                    <item.Badge />
                  </Suspense>
                ) : null}
              </NavLink>
            ))}
          </nav>
        ) : (
          <span className="app-nav" />
        )}
        <div className="header-tools">
          <LanguageSwitcher />
          {user ? (
            <>
              <span className="signed-in-as" data-testid="signed-in-as">
                {t('common:signedInAs', { name: user.displayName })}
              </span>
              <button
                type="button"
                className="secondary"
                onClick={() => void signOut().then(() => navigate('/sign-in'))}
              >
                {t('common:signOut')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Pages load in their own chunks: the header stays while one arrives. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  )
}

/** A new page opens at its top (the router keeps the old scroll otherwise); a #target is left to its page. */
function useScrollToTopOnNavigation() {
  const { pathname, hash } = useLocation()
  useEffect(() => {
    if (!hash) window.scrollTo(0, 0)
  }, [pathname, hash])
}
