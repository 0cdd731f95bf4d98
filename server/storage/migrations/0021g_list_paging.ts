import type { BridgesMigration } from './helpers.js'

/**
 * The moderation queue, the audit record and an assembly's chat are paged newest first by (time, id):
 * each index serves its list's filter, its order and the cursor, so a page reads as many rows as it
 * shows however long the list grows. The wall's and a thread's pages get the id as their last term too
 * (their older indexes stop at the time, so SQLite sorted each page's ties apart).
 */
export const listPaging: BridgesMigration = {
  name: '0021g_list_paging',
  async up(db) {
    const index = (name: string, table: string, columns: string[]) =>
      db.schema.createIndex(name).on(table).columns(columns).execute()
    await index('moderation_queue_page_idx', 'moderation_queue', ['school_id', 'created_at', 'item_id'])
    await index('moderation_audit_link_page_idx', 'moderation_audit', ['link_id', 'created_at', 'id'])
    await index('moderation_audit_school_page_idx', 'moderation_audit', ['item_school_id', 'created_at', 'id'])
    await index('wall_items_page_idx', 'wall_items', ['link_id', 'parent_id', 'created_at', 'id'])
    await index('posts_thread_page_idx', 'posts', ['thread_id', 'created_at', 'id'])
    await index('assembly_chat_page_idx', 'assembly_chat_messages', ['assembly_id', 'created_at', 'id'])
  },
}
