import { lazy, type ComponentType, type ReactNode } from 'react'
import type { RouteObject } from 'react-router'
import type { Role } from '../../../shared/schemas/accounts.js'
// The two pages a pupil meets first come with the app itself: on a slow school line every extra
// chunk fetched after the script starts is another round trip before she sees anything.
import { SignInPage } from '../features/accounts/SignInPage.js'
import { PupilHome } from '../features/pupil/PupilHome.js'
import { RequireRole } from './RequireRole.js'
import i18next from '../i18n/index.js'

/**
 * A page in its own chunk, fetched the first time someone opens it (Layout shows Loading meanwhile). The
 * lazy namespaces it reads (client/src/i18n/index.ts LAZY_NAMESPACES) are fetched beside it, not one round
 * trip after it has rendered; a missing one (offline, never opened) still suspends the page until it comes.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, namespaces: string[] = []) {
  return lazy(async () => {
    const texts = namespaces.length ? i18next.loadNamespaces(namespaces).catch(() => undefined) : undefined
    const page = (await load())[name]
    await texts
    return { default: page }
  })
}

const RegisterPage = lazyPage(() => import('../features/accounts/RegisterPage.js'), 'RegisterPage')
const JoinSchoolPage = lazyPage(() => import('../features/accounts/JoinSchoolPage.js'), 'JoinSchoolPage')
const ForgotPasswordPage = lazyPage(() => import('../features/accounts/PasswordResetPages.js'), 'ForgotPasswordPage')
const ResetPasswordPage = lazyPage(() => import('../features/accounts/PasswordResetPages.js'), 'ResetPasswordPage')
const ClassesPage = lazyPage(() => import('../features/schools/ClassesPage.js'), 'ClassesPage')
const ClassPage = lazyPage(() => import('../features/schools/ClassPage.js'), 'ClassPage')
const SignInCardsPage = lazyPage(() => import('../features/schools/SignInCardsPage.js'), 'SignInCardsPage')
const SchoolPage = lazyPage(() => import('../features/schools/SchoolPage.js'), 'SchoolPage')
const LinksPage = lazyPage(() => import('../features/links/LinksPage.js'), 'LinksPage', ['links'])
const LinkHomePage = lazyPage(() => import('../features/links/LinkHomePage.js'), 'LinkHomePage', [
  'links',
  'boards',
  'wall',
])
const AgreementPage = lazyPage(() => import('../features/links/AgreementPage.js'), 'AgreementPage')
const OutcomesPage = lazyPage(() => import('../features/links/OutcomesPage.js'), 'OutcomesPage')
const ReflectionsPage = lazyPage(() => import('../features/reflections/ReflectionsPage.js'), 'ReflectionsPage')
const ReflectionPage = lazyPage(() => import('../features/reflections/ReflectionPage.js'), 'ReflectionPage')
const PortfolioPage = lazyPage(() => import('../features/portfolio/PortfolioPage.js'), 'PortfolioPage')
const DirectoryPage = lazyPage(() => import('../features/links/DirectoryPage.js'), 'DirectoryPage')
const ClassPartnersPage = lazyPage(() => import('../features/links/ClassPartnersPage.js'), 'ClassPartnersPage')
const BoardPage = lazyPage(() => import('../features/boards/BoardPage.js'), 'BoardPage', ['boards', 'outbox'])
const ThreadPage = lazyPage(() => import('../features/boards/ThreadPage.js'), 'ThreadPage', ['boards', 'outbox'])
const ForumPage = lazyPage(() => import('../features/boards/ForumPage.js'), 'ForumPage', ['boards'])
const ModerationPage = lazyPage(() => import('../features/moderation/ModerationPage.js'), 'ModerationPage', [
  'moderation',
])
const WallPage = lazyPage(() => import('../features/wall/WallPage.js'), 'WallPage', ['wall', 'outbox', 'video'])
const PenPalsPage = lazyPage(() => import('../features/wall/PenPalsPage.js'), 'PenPalsPage', ['wall'])
const RoundPage = lazyPage(() => import('../features/wall/RoundPage.js'), 'RoundPage', ['wall', 'video'])
const PrintRoundPage = lazyPage(() => import('../features/wall/PrintRoundPage.js'), 'PrintRoundPage')
const WhatIsStoredPage = lazyPage(() => import('../features/privacy/WhatIsStoredPage.js'), 'WhatIsStoredPage')
const PaperLettersPage = lazyPage(() => import('../features/paper/PaperLettersPage.js'), 'PaperLettersPage')
const ConsentPage = lazyPage(() => import('../features/wall/ConsentPage.js'), 'ConsentPage')
// simple-peer and the media code load only here.
const AssemblyPage = lazyPage(() => import('../features/assemblies/AssemblyPage.js'), 'AssemblyPage')

const only = (roles: Role[]) => (element: ReactNode) => <RequireRole roles={roles}>{element}</RequireRole>
const members = only(['teacher', 'pupil'])
const teachers = only(['teacher'])
const pupils = only(['pupil'])

/**
 * Every page of the app, by path. Pages are imported lazily here rather than in each feature, so that
 * which code a pupil's first visit downloads is decided (and budgeted, see client/weight.test.ts) in one place.
 */
export const pageRoutes: RouteObject[] = [
  // accounts
  { path: 'sign-in', element: <SignInPage /> },
  { path: 'register', element: <RegisterPage /> },
  { path: 'privacy', element: <WhatIsStoredPage /> },
  { path: 'join/:code', element: <JoinSchoolPage /> },
  { path: 'forgot-password', element: <ForgotPasswordPage /> },
  { path: 'reset-password', element: <ResetPasswordPage /> },
  // schools
  { path: 'classes', element: teachers(<ClassesPage />) },
  { path: 'classes/:classId', element: teachers(<ClassPage />) },
  { path: 'classes/:classId/cards', element: teachers(<SignInCardsPage />) },
  { path: 'school', element: teachers(<SchoolPage />) },
  // pupil
  { path: 'home', element: pupils(<PupilHome />) },
  // links
  { path: 'links', element: members(<LinksPage />) },
  { path: 'links/:linkId', element: members(<LinkHomePage />) },
  { path: 'links/:linkId/agreement', element: members(<AgreementPage />) },
  { path: 'links/:linkId/outcomes', element: members(<OutcomesPage />) },
  { path: 'directory', element: teachers(<DirectoryPage />) },
  { path: 'classes/:classId/partners', element: teachers(<ClassPartnersPage />) },
  // boards and moderation
  { path: 'boards/:boardId', element: members(<BoardPage />) },
  { path: 'threads/:threadId', element: members(<ThreadPage />) },
  { path: 'staffroom', element: teachers(<ForumPage />) },
  { path: 'moderation', element: teachers(<ModerationPage />) },
  // wall
  { path: 'links/:linkId/wall', element: members(<WallPage />) },
  { path: 'links/:linkId/penpals', element: members(<PenPalsPage />) },
  { path: 'rounds/:roundId', element: teachers(<RoundPage />) },
  { path: 'rounds/:roundId/print', element: teachers(<PrintRoundPage />) },
  { path: 'classes/:classId/consent', element: teachers(<ConsentPage />) },
  { path: 'links/:linkId/paper', element: teachers(<PaperLettersPage />) },
  // reflections (a pupil's own page; teachers open and read them) and the school's portfolio
  { path: 'reflections', element: members(<ReflectionsPage />) },
  { path: 'reflections/:reflectionId', element: members(<ReflectionPage />) },
  { path: 'portfolio', element: teachers(<PortfolioPage />) },
  // assemblies
  { path: 'assemblies/:assemblyId', element: members(<AssemblyPage />) },
]
