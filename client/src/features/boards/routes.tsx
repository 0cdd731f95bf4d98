import type { RouteObject } from 'react-router'
import { RequireRole } from '../../app/RequireRole.js'
import { ModerationPage } from '../moderation/ModerationPage.js'
import { BoardPage } from './BoardPage.js'
import { ForumPage } from './ForumPage.js'
import { ThreadPage } from './ThreadPage.js'

export const boardsRoutes: RouteObject[] = [
  { path: 'boards/:boardId', element: <RequireRole roles={['teacher', 'pupil']}><BoardPage /></RequireRole> },
  { path: 'threads/:threadId', element: <RequireRole roles={['teacher', 'pupil']}><ThreadPage /></RequireRole> },
  { path: 'staffroom', element: <RequireRole roles={['teacher']}><ForumPage /></RequireRole> },
  { path: 'moderation', element: <RequireRole roles={['teacher']}><ModerationPage /></RequireRole> },
]
