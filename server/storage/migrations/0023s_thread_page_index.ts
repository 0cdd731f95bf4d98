import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * A board's threads, paged by latest activity, off an index of top-level posts only. The older
 * (board, thread, pinned, activity, id) index served SQLite, but PostgreSQL does not take
 * `thread_id IS NULL` as fixing that column, so it found the board's threads by index and then
 * sorted them all for every page. With the condition in the index's WHERE, board and pinned are
 * fixed by equality and the page comes off the index in order on both databases.
 */
export const threadPageIndex: BridgesMigration = {
  name: '0023s_thread_page_index',
  async up(db) {
    await db.schema
      .createIndex('posts_board_threads_page_idx')
      .on('posts')
      .columns(['board_id', 'pinned', 'last_activity_at', 'id'])
      .where(sql.ref('thread_id'), 'is', null)
      .execute()
    await db.schema.dropIndex('posts_board_page_idx').execute()
  },
}
