import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { ClassesPage } from './ClassesPage.js'
import { ClassPage } from './ClassPage.js'
import { SchoolPage } from './SchoolPage.js'
import { SignInCardsPage } from './SignInCardsPage.js'

const teacher = (element: React.ReactNode) => <RequireRole roles={['teacher']}>{element}</RequireRole>

export const schoolsRoutes: RouteObject[] = [
  { path: 'classes', element: teacher(<ClassesPage />) },
  { path: 'classes/:classId', element: teacher(<ClassPage />) },
  { path: 'classes/:classId/cards', element: teacher(<SignInCardsPage />) },
  { path: 'school', element: teacher(<SchoolPage />) },
]
