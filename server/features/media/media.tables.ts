export interface MediaTable {
  id: string
  linkId: string
  ownerId: string
  schoolId: string
  width: number
  height: number
  bytes: number
  createdAt: string
  /** When a teacher said who the picture shows (null: not asked yet; exports leave it out). */
  shownConfirmedAt?: string | null
}

/** A picture's processed bytes, when kept in the database (shared by every node). */
export interface MediaBlobsTable {
  mediaId: string
  size: 'display' | 'thumb' | 'video' | 'source'
  bytes: Uint8Array
}

export interface MediaTables {
  media: MediaTable
  mediaBlobs: MediaBlobsTable
}
