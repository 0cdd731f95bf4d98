import type { Compilable, CompiledQuery, Kysely } from 'kysely'
import type { Database } from './schema.js'

/** Where a value goes: a placeholder object, recognised by identity in the compiled parameters. */
class Hole {
  constructor(readonly name: string) {}
}

/** Stand-ins for a query's values, one per name, typed as the values they stand for. */
export type Holes<P> = { readonly [K in keyof P]: P[K] }

export interface PreparedQuery<P, R> {
  /** The rows, with `values` in the holes. */
  execute(values: P): Promise<R[]>
  executeTakeFirst(values: P): Promise<R | undefined>
}

/**
 * A query whose shape never changes, built and compiled once and then run with new values: Kysely
 * otherwise builds, checks and compiles the same statement afresh on every call, which costs more
 * than running it on the hot reads every request makes (the session, the link).
 *
 * `build` receives stand-ins for the values (`$.id`); each must be used as a value (compared,
 * inserted, limited by), never as a list (`in`) or an identifier. It runs against `db` at first use,
 * so the compiled SQL is this database's dialect; every run goes through `db` (and so joins the
 * caller's transaction, and plugins still map the rows).
 */
export function prepareQuery<P extends Record<string, unknown>, R>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, $: Holes<P>) => Compilable<R>,
): PreparedQuery<P, R> {
  let compiled: CompiledQuery<R> | undefined
  const compile = (): CompiledQuery<R> => {
    const asked = new Set<string>()
    const holes = new Proxy({} as Holes<P>, {
      get: (_, name) => {
        asked.add(String(name))
        return new Hole(String(name))
      },
    })
    const query = build(db, holes).compile()
    const placed = new Set(query.parameters.flatMap((value) => (value instanceof Hole ? [value.name] : [])))
    // A stand-in used as anything but a value (a list, a condition in `build`) would run wrong: refuse.
    for (const name of asked)
      if (!placed.has(name)) throw new Error(`prepareQuery: ${name} is not a value of the query`)
    return query
  }
  const execute = async (values: P): Promise<R[]> => {
    compiled ??= compile()
    const parameters = compiled.parameters.map((value) => (value instanceof Hole ? values[value.name] : value))
    const result = await db.executeQuery<R>({ ...compiled, parameters })
    return result.rows
  }
  return {
    execute,
    executeTakeFirst: async (values) => (await execute(values))[0],
  }
}
