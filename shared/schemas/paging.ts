import { z } from 'zod'

/**
 * Lists are paged newest first with a cursor: the position of the last item of the previous page
 * (its time and id, which together are unique), so a page never shifts when new items arrive.
 */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}))~([0-9a-f-]{36})$/

export interface Position {
  createdAt: string
  id: string
}

export const encodeCursor = (at: Position): string => `${at.createdAt}~${at.id}`

export function decodeCursor(cursor: string): Position | undefined {
  const match = CURSOR.exec(cursor)
  return match ? { createdAt: match[1]!, id: match[2]! } : undefined
}

export const cursorSchema = z
  .string()
  .max(120)
  .refine((value) => decodeCursor(value) !== undefined, 'Not a page cursor')

/** `?before=<cursor>&limit=<n>`: the page after `before` (the first page without it), `limit` items, bounded. */
export const pageQuerySchema = (defaultLimit: number, maxLimit: number) =>
  z.object({
    before: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  })
export type PageQuery = z.infer<ReturnType<typeof pageQuerySchema>>
