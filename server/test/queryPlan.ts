import {
  CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import type { Database } from '../storage/schema.js'

/**
 * Runs `read` on a database that remembers every statement it sends, then asks the database how it
 * would run each one: SQLite's `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN` with sequential scans
 * priced out (`enable_seqscan = off`), so a tiny test table still shows whether an index *can*
 * serve the query. Answers the plan lines of every statement.
 */
export async function plansOf(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  read: (db: Kysely<Database>) => Promise<unknown>,
): Promise<string[][]> {
  const nodes: RootOperationNode[] = []
  const capture: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs) => {
      nodes.push(args.node)
      return args.node
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  }
  await read(db.withPlugin(capture))
  const executor = db.getExecutor()
  const compiled = nodes.map((node) => executor.compileQuery(node, { queryId: 'plan' }))
  return db.connection().execute(async (conn) => {
    if (dialect === 'postgres') await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'))
    try {
      const plans: string[][] = []
      for (const query of compiled) {
        const prefix = dialect === 'postgres' ? 'EXPLAIN ' : 'EXPLAIN QUERY PLAN '
        const { rows } = await conn.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
        )
        plans.push(rows.map((row) => String(row['QUERY PLAN'] ?? row['queryPlan'] ?? row['detail'] ?? '')))
      }
      return plans
    } finally {
      if (dialect === 'postgres') await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'))
    }
  })
}

/**
 * Lines of a plan that read a whole table (or a whole index) of `tables` instead of searching it,
 * and SQLite's sorts of a whole result or of its last order term (`TEMP B-TREE`): a page must come off the index in order.
 */
export function tableScans(plans: string[][], tables: readonly string[]): string[] {
  const names = tables.join('|')
  const sqliteScan = new RegExp(`^\\s*(?:SCAN) (?:${names})\\b`)
  const postgresScan = new RegExp(`Seq Scan on (?:${names})\\b`)
  return plans
    .flat()
    .filter(
      (line) => sqliteScan.test(line) || postgresScan.test(line) || /TEMP B-TREE FOR (?:\w+ )*ORDER BY/.test(line),
    )
}
