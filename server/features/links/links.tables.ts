export interface LinksTable {
  id: string
  status: 'forming' | 'active' | 'paused' | 'ended'
  createdAt: string
  updatedAt: string
}

export interface LinkClassesTable {
  linkId: string
  classId: string
  colorIndex: number
  joinedAt: string
}

export interface LinkTables {
  links: LinksTable
  linkClasses: LinkClassesTable
}

export interface DirectoryEntriesTable {
  classId: string
  /** JSON array. */
  themes: string
  hopes: string
  schoolDayStart: string
  schoolDayEnd: string
  optedInAt: string
}

export interface LinkRequestsTable {
  id: string
  linkId: string | null
  fromClassId: string
  toClassId: string
  message: string
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn'
  createdBy: string
  createdAt: string
  decidedBy: string | null
  decidedAt: string | null
}

export interface AgreementVersionsTable {
  linkId: string
  version: number
  /** JSON of AgreementContent. */
  content: string
  editedBy: string
  editedAt: string
}

export interface AgreementSignaturesTable {
  linkId: string
  version: number
  classId: string
  signedBy: string
  signedAt: string
}

export interface PlanItemsDoneTable {
  linkId: string
  itemId: string
  doneBy: string
  doneAt: string
}

export interface LinkActivityTable {
  id: string
  linkId: string
  kind: string
  actorId: string | null
  classId: string | null
  /** JSON object of the sentence's parameters. */
  params: string
  /** 1 when this counts as the classes being in contact (for the link-health line). */
  isContact: number
  createdAt: string
}

export interface PartnerTables {
  directoryEntries: DirectoryEntriesTable
  linkRequests: LinkRequestsTable
  agreementVersions: AgreementVersionsTable
  agreementSignatures: AgreementSignaturesTable
  planItemsDone: PlanItemsDoneTable
  linkActivity: LinkActivityTable
}
