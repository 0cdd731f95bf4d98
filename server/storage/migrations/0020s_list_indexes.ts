import type { BridgesMigration } from './helpers.js'

/**
 * A board's threads are paged newest activity first, pinned ones apart: one index serves the board,
 * top-level posts, pinned or not, and the cursor, so a page reads as many rows as it shows however
 * many threads the board has.
 */
export const listIndexes: BridgesMigration = {
  name: '0020s_list_indexes',
  async up(db) {
    await db.schema
      .createIndex('posts_board_page_idx')
      .on('posts')
      .columns(['board_id', 'thread_id', 'pinned', 'last_activity_at', 'id'])
      .execute()
  },
}
