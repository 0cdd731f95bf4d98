import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { LinkHomePage } from './LinkHomePage.js'
import { LinksPage } from './LinksPage.js'

export const linksRoutes: RouteObject[] = [
  { path: 'links', element: <RequireRole roles={['teacher', 'pupil']}><LinksPage /></RequireRole> },
  { path: 'links/:linkId', element: <RequireRole roles={['teacher', 'pupil']}><LinkHomePage /></RequireRole> },
]
