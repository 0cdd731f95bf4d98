export interface MediaTable {
  id: string
  linkId: string
  ownerId: string
  schoolId: string
  width: number
  height: number
  bytes: number
  createdAt: string
}

export interface MediaTables {
  media: MediaTable
}
