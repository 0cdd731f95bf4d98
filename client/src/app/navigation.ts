import { lazy, type ComponentType } from 'react'
import type { Role } from '../../../shared/schemas/accounts.js'
import type { IconName } from '../ui/Icon.js'

// Teachers only: pupils never download the moderation code.
const ModerationCountBadge = lazy(async () => ({
  default: (await import('../features/moderation/ModerationCountBadge.js')).ModerationCountBadge,
}))

export interface NavItem {
  to: string
  /** Translation key. */
  label: string
  end?: boolean
  /** A picture beside the words (pupils' navigation). */
  icon?: IconName
  /** Shown after the label, such as a live count (may be lazy: Layout wraps it in Suspense). */
  Badge?: ComponentType
}

/** The main navigation for each role. Features add their entry here. */
const NAV: Record<Role, NavItem[]> = {
  teacher: [
    { to: '/classes', label: 'common:nav.classes' },
    { to: '/links', label: 'common:nav.links' },
    { to: '/directory', label: 'common:nav.directory' },
    { to: '/moderation', label: 'common:nav.moderation', Badge: ModerationCountBadge },
    { to: '/staffroom', label: 'common:nav.staffroom' },
    { to: '/reflections', label: 'common:nav.reflections' },
    { to: '/portfolio', label: 'common:nav.portfolio' },
    { to: '/school', label: 'common:nav.school' },
  ],
  // A pupil reaches the wall, the board and her letters from her home, one tap each.
  pupil: [{ to: '/home', label: 'common:nav.myHome', icon: 'home' }],
}

export const navItemsFor = (role: Role): NavItem[] => NAV[role]
