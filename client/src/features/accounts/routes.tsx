import type { RouteObject } from 'react-router'
import { RegisterPage } from './RegisterPage.js'
import { SignInPage } from './SignInPage.js'

export const accountsRoutes: RouteObject[] = [
  { path: 'sign-in', element: <SignInPage /> },
  { path: 'register', element: <RegisterPage /> },
]
