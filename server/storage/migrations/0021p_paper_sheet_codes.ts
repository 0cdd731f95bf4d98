import type { BridgesMigration } from './helpers.js'

/**
 * The reply-sheet code read from a page's printed QR code when it was uploaded (null: none found),
 * so the teacher need not type it.
 */
export const paperSheetCodes: BridgesMigration = {
  name: '0021p_paper_sheet_codes',
  async up(db) {
    await db.schema.alterTable('paper_pages').addColumn('sheet_code', 'text').execute()
  },
}
