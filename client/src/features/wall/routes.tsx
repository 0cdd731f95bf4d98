import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { ConsentPage } from './ConsentPage.js'
import { PenPalsPage } from './PenPalsPage.js'
import { PrintRoundPage } from './PrintRoundPage.js'
import { RoundPage } from './RoundPage.js'
import { WallPage } from './WallPage.js'

const members = (element: React.ReactNode) => <RequireRole roles={['teacher', 'pupil']}>{element}</RequireRole>
const teachers = (element: React.ReactNode) => <RequireRole roles={['teacher']}>{element}</RequireRole>

export const wallRoutes: RouteObject[] = [
  { path: 'links/:linkId/wall', element: members(<WallPage />) },
  { path: 'links/:linkId/penpals', element: members(<PenPalsPage />) },
  { path: 'rounds/:roundId', element: teachers(<RoundPage />) },
  { path: 'rounds/:roundId/print', element: teachers(<PrintRoundPage />) },
  { path: 'classes/:classId/consent', element: teachers(<ConsentPage />) },
]
