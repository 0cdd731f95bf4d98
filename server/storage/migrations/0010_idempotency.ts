import type { BridgesMigration } from './helpers.js'

/** Idempotency-Key records: one per person and key, so a retried write is answered, never written, again. */
export const idempotency: BridgesMigration = {
  name: '0010_idempotency',
  async up(db) {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      // The claim is an insert that only one request can make: the key is unique per person.
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'idempotency_key'])
      .execute()
    await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute()
  },
}
