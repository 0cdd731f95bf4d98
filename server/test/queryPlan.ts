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
 * and sorts priced out (`enable_seqscan = off`, `enable_sort = off`), so a tiny test table still
 * shows whether an index *can* serve the query in its order: a Sort left in the plan is one no index
 * can spare. Answers the plan lines of every statement.
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
    if (dialect === 'postgres') {
      await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'))
      await conn.executeQuery(CompiledQuery.raw('SET enable_sort = off'))
    }
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
      if (dialect === 'postgres') {
        await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'))
        await conn.executeQuery(CompiledQuery.raw('RESET enable_sort'))
      }
    }
  })
}

/**
 * Lines of a plan that read a whole table (or a whole index) of `tables` instead of searching it,
 * and sorts of a whole result: SQLite's `TEMP B-TREE` for (the last terms of) an ORDER BY, PostgreSQL's
 * Sort above a scan of `tables` with no Limit between them (it reads every matching row before the
 * first comes out; a Sort of rows already cut to a page is fine). A page must come off the index in order.
 */
export function tableScans(plans: string[][], tables: readonly string[]): string[] {
  const names = tables.join('|')
  const sqliteScan = new RegExp(`^\\s*(?:SCAN) (?:${names})\\b`)
  const postgresScan = new RegExp(`Seq Scan on (?:${names})\\b`)
  const scanned = plans
    .flat()
    .filter(
      (line) => sqliteScan.test(line) || postgresScan.test(line) || /TEMP B-TREE FOR (?:\w+ )*ORDER BY/.test(line),
    )
  return [...scanned, ...plans.flatMap((plan) => postgresSortsOverScans(plan, tables))]
}

interface PlanNode {
  line: string
  depth: number
  children: PlanNode[]
}

/** PostgreSQL's text plan as a tree: a node line carries its cost, its depth is where its `->` stands. */
function planTree(lines: string[]): PlanNode[] {
  const roots: PlanNode[] = []
  const open: PlanNode[] = []
  for (const line of lines) {
    if (!/\(cost=/.test(line)) continue
    const arrow = line.indexOf('->')
    const node: PlanNode = { line, depth: arrow < 0 ? 0 : arrow + 1, children: [] }
    while (open.length && open.at(-1)!.depth >= node.depth) open.pop()
    ;(open.at(-1)?.children ?? roots).push(node)
    open.push(node)
  }
  return roots
}

/** Sort nodes (not incremental ones, which a Limit stops early) reading a scan of `tables` with no Limit below them. */
function postgresSortsOverScans(lines: string[], tables: readonly string[]): string[] {
  const scan = new RegExp(`(?:Scan|Scan Backward) (?:using \\S+ )?on (?:${tables.join('|')})\\b`)
  const readsWhole = (node: PlanNode): boolean =>
    !/^\s*(?:->\s*)?Limit\b/.test(node.line) && (scan.test(node.line) || node.children.some(readsWhole))
  const found: string[] = []
  const visit = (node: PlanNode) => {
    if (/^\s*(?:->\s*)?Sort\b/.test(node.line) && node.children.some(readsWhole)) found.push(node.line.trim())
    node.children.forEach(visit)
  }
  planTree(lines).forEach(visit)
  return found
}
