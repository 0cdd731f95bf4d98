/** A page of a letter that came on paper (see migration 0019p). */
export interface PaperPagesTable {
  mediaId: string
  uploadId: string
  linkId: string
  schoolId: string
  position: number
  /** The wall letter it was filed into; null while it waits in its upload. */
  itemId: string | null
  pageNo: number | null
  createdAt: string
  /** The reply-sheet code read from the page's QR code at upload (0021p); null when none was found. */
  sheetCode: string | null
}

export interface PaperTables {
  paperPages: PaperPagesTable
}
