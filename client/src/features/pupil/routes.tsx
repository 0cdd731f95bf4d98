import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { PupilHome } from './PupilHome.js'

export const pupilRoutes: RouteObject[] = [
  { path: 'home', element: <RequireRole roles={['pupil']}><PupilHome /></RequireRole> },
]
