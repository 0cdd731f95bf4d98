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

/** A picture's processed bytes, when kept in the database (shared by every node). */
export interface MediaBlobsTable {
  mediaId: string
  size: 'display' | 'thumb'
  bytes: Uint8Array
}

export interface MediaTables {
  media: MediaTable
  mediaBlobs: MediaBlobsTable
}
