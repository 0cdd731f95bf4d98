import { describe, expect, it } from 'vitest'
import type { Ack } from './errors.js'
import type { BoardEvent, BoardJoinResult } from './schemas/boards.js'
import { BoardCursor } from './boardCursor.js'

const BOARD = '00000000-0000-4000-8000-000000000001'
const remove = (seq: number): BoardEvent => ({
  seq,
  boardId: BOARD,
  type: 'remove',
  postId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
})

/** A server holding `total` events, answering pages of `page`. */
function server(total: number, page = 3) {
  const asked: (number | undefined)[] = []
  const join = (after: number | undefined): Promise<Ack<BoardJoinResult>> => {
    asked.push(after)
    if (after === undefined)
      return Promise.resolve({ ok: true, data: { events: [], lastSeq: total, more: false, reload: false } })
    if (after > total)
      return Promise.resolve({ ok: true, data: { events: [], lastSeq: total, more: false, reload: true } })
    const events = Array.from({ length: Math.min(page, total - after) }, (_, i) => remove(after + i + 1))
    const last = events.at(-1)?.seq ?? total
    return Promise.resolve({ ok: true, data: { events, lastSeq: last, more: last < total, reload: false } })
  }
  return { join, asked, grow: (n: number) => (total += n) }
}

describe('a board cursor', () => {
  it('applies events in order once, and fills a gap by paging until nothing is missing', async () => {
    const s = server(2)
    const applied: (number | 'all')[] = []
    const cursor = new BoardCursor(BOARD, s.join, (e) => applied.push(e === 'all' ? 'all' : e.seq))
    await cursor.catchUp()
    expect(cursor.seq).toBe(2)
    cursor.receive(remove(3))
    cursor.receive(remove(3))
    expect(applied).toEqual([3])
    s.grow(8) // events 4..10 were missed (an outage); 11 arrives live
    s.grow(1)
    cursor.receive(remove(11))
    await cursor.catchUp()
    expect(applied).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(cursor.seq).toBe(11)
    // A late, out-of-order announcement of an event already applied changes nothing.
    cursor.receive(remove(7))
    expect(applied).toHaveLength(9)
  })

  it('waits out a refusal that says when to try again', async () => {
    const s = server(4)
    let refuse = 2
    const waits: number[] = []
    const join = (after: number | undefined): Promise<Ack<BoardJoinResult>> =>
      after !== undefined && refuse-- > 0
        ? Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'down', retryAfterSeconds: 3 } })
        : s.join(after)
    const applied: (number | 'all')[] = []
    const cursor = new BoardCursor(
      BOARD,
      join,
      (e) => applied.push(e === 'all' ? 'all' : e.seq),
      (ms) => (waits.push(ms), Promise.resolve()),
    )
    await cursor.catchUp()
    s.grow(2)
    cursor.receive(remove(6))
    await cursor.catchUp()
    expect(waits).toEqual([3000, 3000])
    expect(applied).toEqual([5, 6])
  })

  it('reloads the whole board when the server says it is too far behind', async () => {
    const s = server(5)
    const applied: (number | 'all')[] = []
    const cursor = new BoardCursor(BOARD, s.join, (e) => applied.push(e === 'all' ? 'all' : e.seq))
    await cursor.catchUp()
    ;(cursor as unknown as { lastSeq: number }).lastSeq = 99
    await cursor.catchUp()
    expect(applied).toEqual(['all'])
    expect(cursor.seq).toBe(5)
  })
})
