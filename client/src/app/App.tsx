import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { createBrowserRouter, Link, RouterProvider, type RouteObject } from 'react-router'
import { isSupportedLocale } from '../../../shared/locales.js'
import { accountsRoutes } from '../features/accounts/routes.js'
import { linksRoutes } from '../features/links/routes.js'
import { boardsRoutes } from '../features/boards/routes.js'
import { wallRoutes } from '../features/wall/routes.js'
import { assembliesRoutes } from '../features/assemblies/routes.js'
import { pupilRoutes } from '../features/pupil/routes.js'
import { schoolsRoutes } from '../features/schools/routes.js'
import { applyLocale } from '../i18n/index.js'
import { Layout } from './Layout.js'
import { HomeRedirect } from './RequireRole.js'
import { useMe } from './session.js'
import { SocketProvider } from './socket.js'

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
})

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
    children: [
      { index: true, element: <HomeRedirect /> },
      ...accountsRoutes,
      ...schoolsRoutes,
      ...pupilRoutes,
      ...linksRoutes,
      ...boardsRoutes,
      ...wallRoutes,
      ...assembliesRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
]

const router = createBrowserRouter(routes)

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionBoundary>
        <RouterProvider router={router} />
      </SessionBoundary>
    </QueryClientProvider>
  )
}
