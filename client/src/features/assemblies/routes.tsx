import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { AssemblyPage } from './AssemblyPage.js'

export const assembliesRoutes: RouteObject[] = [
  { path: 'assemblies/:assemblyId', element: <RequireRole roles={['teacher', 'pupil']}><AssemblyPage /></RequireRole> },
]
