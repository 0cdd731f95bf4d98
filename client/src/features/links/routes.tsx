import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { AgreementPage } from './AgreementPage.js'
import { ClassPartnersPage } from './ClassPartnersPage.js'
import { DirectoryPage } from './DirectoryPage.js'
import { LinkHomePage } from './LinkHomePage.js'
import { LinksPage } from './LinksPage.js'

const members = (element: React.ReactNode) => <RequireRole roles={['teacher', 'pupil']}>{element}</RequireRole>
const teachers = (element: React.ReactNode) => <RequireRole roles={['teacher']}>{element}</RequireRole>

export const linksRoutes: RouteObject[] = [
  { path: 'links', element: members(<LinksPage />) },
  { path: 'links/:linkId', element: members(<LinkHomePage />) },
  { path: 'links/:linkId/agreement', element: members(<AgreementPage />) },
  { path: 'directory', element: teachers(<DirectoryPage />) },
  { path: 'classes/:classId/partners', element: teachers(<ClassPartnersPage />) },
]
