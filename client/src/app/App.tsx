import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { BrowserRouter, Link, useRoutes, type RouteObject } from 'react-router'
import { isSupportedLocale } from '../../../shared/locales.js'
import { applyLocale } from '../i18n/index.js'
import { Layout } from './Layout.js'
import { HomeRedirect } from './RequireRole.js'
import { pageRoutes } from './routes.js'
import { meQuery, useMe } from './session.js'
import { SocketProvider } from './socket.js'

const queryClient = new QueryClient({
  // 'offlineFirst': with no connection a query still asks once, and the service worker answers with
  // the last-seen board, thread or wall; only the retries wait for the line to come back.
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
})

// Who is signed in decides every first page: asked while React is still building it, not after (on a slow
// phone the first render takes longer than the request itself).
void queryClient.prefetchQuery(meQuery)

function NotFound() {
  const { t } = useTranslation()
  return (
    <section>
      <h1>{t('common:notFound.title')}</h1>
      <Link to="/">{t('common:notFound.home')}</Link>
    </section>
  )
}

/** Everything that needs to know who is signed in: their language and their socket. */
function SessionBoundary({ children }: { children: ReactNode }) {
  const me = useMe()
  const locale = me.data?.user.locale
  useEffect(() => {
    if (locale && isSupportedLocale(locale)) applyLocale(locale)
  }, [locale])
  return <SocketProvider userId={me.data?.user.id ?? null}>{children}</SocketProvider>
}

const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [{ index: true, element: <HomeRedirect /> }, ...pageRoutes, { path: '*', element: <NotFound /> }],
  },
]

// One route table, matched by the app's router (./router.tsx: React Router's names on wouter).
function AppRoutes() {
  return useRoutes(routes)
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionBoundary>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionBoundary>
    </QueryClientProvider>
  )
}
