import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStorage, type Storage } from './database.js'
import { prepareQuery } from './prepared.js'

const kinds = process.env.DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)

describe.each(kinds)('a prepared query on %s', (kind) => {
  let storage: Storage
  beforeAll(async () => {
    storage =
      kind === 'sqlite'
        ? await openStorage({ kind, file: ':memory:' })
        : await openStorage({ kind, databaseUrl: process.env.DATABASE_URL! })
    await storage.db.deleteFrom('schools').where('id', 'like', 'prepared-%').execute()
    for (const [id, name] of [
      ['prepared-a', 'Ysgol Aberaeron'],
      ['prepared-b', 'Moi Avenue Primary'],
    ])
      await storage.db.insertInto('schools').values(schoolRow(id!, name!)).execute()
  })
  afterAll(async () => {
    await storage.db.deleteFrom('schools').where('id', 'like', 'prepared-%').execute()
    await storage.close()
  })

  it('answers each call with its own values, rows in camelCase', async () => {
    const school = prepareQuery(storage.db, (db, $: { id: string }) =>
      db.selectFrom('schools').select(['id', 'name', 'createdAt']).where('id', '=', $.id),
    )
    expect(await school.executeTakeFirst({ id: 'prepared-a' })).toMatchObject({ name: 'Ysgol Aberaeron' })
    expect(await school.executeTakeFirst({ id: 'prepared-b' })).toMatchObject({ name: 'Moi Avenue Primary' })
    expect(await school.execute({ id: 'prepared-none' })).toEqual([])
  })

  it('sees what its caller’s transaction wrote', async () => {
    const named = prepareQuery(storage.db, (db, $: { name: string }) =>
      db.selectFrom('schools').select('id').where('name', '=', $.name),
    )
    const seen = await storage
      .transaction(async () => {
        await storage.db.updateTable('schools').set({ name: 'Renamed' }).where('id', '=', 'prepared-a').execute()
        const inside = await named.execute({ name: 'Renamed' })
        throw Object.assign(new Error('roll back'), { inside })
      })
      .catch((error: { inside: unknown }) => error.inside)
    expect(seen).toEqual([{ id: 'prepared-a' }])
    expect(await named.execute({ name: 'Renamed' })).toEqual([])
  })

  it('refuses a stand-in read as a condition rather than placed as a value (its shape would be fixed wrongly)', async () => {
    const wrong = prepareQuery(storage.db, (db, $: { id: string; city?: string }) => {
      const query = db.selectFrom('schools').select('id').where('id', '=', $.id)
      return $.city ? query : query.where('city', 'is', null)
    })
    await expect(wrong.execute({ id: 'prepared-a' })).rejects.toThrow(/city is not a value/)
  })
})

function schoolRow(id: string, name: string) {
  return {
    id,
    name,
    country: 'GB',
    city: 'Aberaeron',
    timeZone: 'Europe/London',
    languages: '["cy"]',
    createdAt: new Date().toISOString(),
  }
}
