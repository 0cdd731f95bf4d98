import { sql } from 'kysely'
import type { BridgesMigration } from './helpers.js'

/**
 * Sequences per board, assigned in the writing transaction, so a client can tell a gap from a
 * reordering; and an outbox mark, so a change committed by a node that died before announcing it is
 * announced by another.
 */
export const boardSequences: BridgesMigration = {
  name: '0011_board_sequences',
  async up(db) {
    await db.schema
      .alterTable('boards')
      .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable('board_events').addColumn('board_seq', 'integer').execute()
    await db.schema.alterTable('board_events').addColumn('published_at', 'text').execute()
    // Earlier events: numbered per board in their original order, and long since announced.
    await sql`update board_events set board_seq = (select count(*) from board_events e where e.board_id = board_events.board_id and e.seq <= board_events.seq), published_at = created_at`.execute(
      db,
    )
    await sql`update boards set last_seq = coalesce((select max(e.board_seq) from board_events e where e.board_id = boards.id), 0)`.execute(
      db,
    )
    await db.schema
      .createIndex('board_events_board_seq_idx')
      .on('board_events')
      .columns(['board_id', 'board_seq'])
      .unique()
      .execute()
    await db.schema
      .createIndex('board_events_unpublished_idx')
      .on('board_events')
      .columns(['published_at', 'created_at'])
      .execute()
  },
}
