import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import { decodeCursor, encodeCursor, type PageQuery, type Position } from '../../shared/schemas/paging.js'

/**
 * Rows after the cursor in newest-first order: (time, id) below the cursor's, so pages never overlap
 * and a page never shifts when new rows arrive. `time` and `id` are column references ("a.createdAt").
 */
export function olderThan(time: string, id: string, before: Position | undefined) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    before
      ? eb.or([
          eb(sql.ref(time), '<', before.createdAt),
          eb.and([eb(sql.ref(time), '=', before.createdAt), eb(sql.ref(id), '<', before.id)]),
        ])
      : eb.and([])
}

/** The position a page query starts after (none on the first page). */
export const positionOf = (page: Pick<PageQuery, 'before'>): Position | undefined =>
  page.before ? decodeCursor(page.before) : undefined

/**
 * Cuts rows read with `limit + 1` down to one page: the extra row only says that an older page exists,
 * and the cursor to it is the position of the page's last row.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  position: (row: T) => Position,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null }
}
