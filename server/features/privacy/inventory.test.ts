import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DATA_CATEGORIES,
  NON_PERSONAL_TABLES,
  SCHEMA_CATEGORIES,
  type DataInventory,
} from '../../../shared/schemas/dataInventory.js'
import { testDialects } from '../../test/databases.js'
import { InventoryService } from './inventory.service.js'
import { registerTeacher } from '../../test/people.js'
import { startTestServer, TestClient, type TestServer } from '../../test/server.js'

describe.each(testDialects())('what is stored, on $name', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ storage: await dialect.open() })
  })
  afterAll(() => server?.close())

  it('describes every table of the database: a new table without a description fails here', async () => {
    const live = await server.app.services.inventory.liveTables()
    const described = new Set<string>([...DATA_CATEGORIES.flatMap((c) => c.tables), ...NON_PERSONAL_TABLES])
    const inDescribedSchema = (table: string) => table.includes('.') && table.split('.')[0]! in SCHEMA_CATEGORIES
    expect([...live.keys()].filter((table) => !described.has(table) && !inDescribedSchema(table)).sort()).toEqual([])
    // …and names no table that does not exist.
    expect(DATA_CATEGORIES.flatMap((c) => c.tables).filter((table) => !live.has(table))).toEqual([])
  })

  it('lists the live columns and the reader’s school’s retention period', async () => {
    const anyone = await new TestClient(server.url).get<DataInventory>('/api/privacy/inventory')
    expect(anyone.status).toBe(200)
    expect(anyone.body.retentionMonths).toBe(12)
    const pupils = anyone.body.categories.find((c) => c.id === 'pupilAccount')!
    expect(pupils.tables.find((t) => t.name === 'users')?.columns).toEqual(
      expect.arrayContaining(['display_name', 'personal_code', 'left_at']),
    )
    const teacher = await registerTeacher(server.url)
    await teacher.client.put('/api/school/data-protection', { retentionMonths: 24 })
    expect((await teacher.client.get<DataInventory>('/api/privacy/inventory')).body.retentionMonths).toBe(24)
  })

  it.runIf(dialect.name === 'postgres')('lists the video queue’s own schema (pg-boss) with its tables', async () => {
    await server.app.services.videoWorker.start()
    const fresh = new InventoryService(server.storage.db, { retentionMonths: async () => 12 }, 86_400_000)
    const inventory = await fresh.inventory(undefined)
    const queue = inventory.categories.find((c) => c.id === 'videoQueue')!
    expect(queue.retention).toBe('described')
    expect(queue.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['pgboss.job', 'pgboss.archive']))
    expect(queue.tables.find((t) => t.name === 'pgboss.job')?.columns).toEqual(expect.arrayContaining(['data']))
  })
})
