import {
  CamelCasePlugin,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type PluginTransformQueryArgs,
  PostgresQueryCompiler,
  type QueryCompiler,
  type RootOperationNode,
  SqliteQueryCompiler,
  type DatabaseIntrospector,
} from 'kysely'

/**
 * The code names columns in camelCase, the database in snake_case. Kysely's CamelCasePlugin renames
 * by rebuilding every query's whole operation tree before compiling it, on every call; here the
 * compiler renames each identifier as it writes it instead (same names, same SQL, one pass fewer),
 * and the plugin only renames the columns of the rows that come back.
 *
 * The renaming is the plugin's own mapping (memoised): snake_case names pass through unchanged, so
 * migrations and `withoutPlugins()` (which write snake_case themselves) compile exactly as before.
 */
/** Renames rows only: queries are renamed by the compiler (see `snakeCaseDialect`). */
export class CamelCaseRowsPlugin extends CamelCasePlugin {
  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  /** The plugin's own (memoised) camelCase → snake_case mapping. */
  toSnake(name: string): string {
    return this.snakeCase(name)
  }
}

const names = new CamelCaseRowsPlugin()
const snake = (name: string) => names.toSnake(name)

class SnakeSqliteCompiler extends SqliteQueryCompiler {
  protected override sanitizeIdentifier(identifier: string): string {
    return super.sanitizeIdentifier(snake(identifier))
  }
}

class SnakePostgresCompiler extends PostgresQueryCompiler {
  protected override sanitizeIdentifier(identifier: string): string {
    return super.sanitizeIdentifier(snake(identifier))
  }
}

/** `dialect` with a compiler that writes every identifier in snake_case. */
export function snakeCaseDialect(dialect: Dialect, kind: 'sqlite' | 'postgres'): Dialect {
  return {
    createDriver: (): Driver => dialect.createDriver(),
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createIntrospector: (db: Parameters<Dialect['createIntrospector']>[0]): DatabaseIntrospector =>
      dialect.createIntrospector(db),
    createQueryCompiler: (): QueryCompiler =>
      kind === 'sqlite' ? new SnakeSqliteCompiler() : new SnakePostgresCompiler(),
  }
}
