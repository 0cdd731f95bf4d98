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
