import type { ComponentType } from 'react'
import type { Role } from '../../../../shared/schemas/accounts.js'
import type { Link } from '../../../../shared/schemas/links.js'
import { BoardsSection } from '../boards/BoardsSection.js'
import { AuditSection } from '../moderation/AuditSection.js'
import { WallSection } from '../wall/WallSection.js'
import { AssembliesSection } from '../assemblies/AssembliesSection.js'
import { PaperSection } from '../paper/PaperSection.js'

/**
 * What a link's home page shows besides its partners: each feature (assemblies, boards, wall…) adds
 * one entry here, so the link home never needs to know about them.
 */
export interface LinkSection {
  id: string
  roles: Role[]
  Component: ComponentType<{ link: Link }>
}

export const linkSections: LinkSection[] = [
  { id: 'assemblies', roles: ['teacher', 'pupil'], Component: AssembliesSection },
  { id: 'wall', roles: ['teacher', 'pupil'], Component: WallSection },
  { id: 'paper', roles: ['teacher', 'pupil'], Component: PaperSection },
  { id: 'boards', roles: ['teacher', 'pupil'], Component: BoardsSection },
  { id: 'audit', roles: ['teacher'], Component: AuditSection },
]
