import type { BridgesMigration } from './helpers.js'

/** Lists paged newest first stay index-backed however long they grow: a wall item's replies are found by their parent. */
export const pagingIndexes: BridgesMigration = {
  name: '0016_paging_indexes',
  async up(db) {
    await db.schema.createIndex('wall_items_parent_idx').on('wall_items').columns(['parent_id', 'created_at']).execute()
  },
}
