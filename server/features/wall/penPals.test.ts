import { describe, expect, it } from 'vitest'
import { pairPenPals } from './penPals.js'

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)

describe('pen-pal pairing', () => {
  it('pairs two equal classes one to one, always across classes', () => {
    const groups = pairPenPals([
      { classId: 'L', pupilIds: ids('L', 3) },
      { classId: 'N', pupilIds: ids('N', 3) },
    ])
    expect(groups).toHaveLength(3)
    for (const g of groups) expect(g.map((p) => p[0]).sort()).toEqual(['L', 'N'])
  })

  it('balances uneven classes with groups of three, everyone placed once', () => {
    const groups = pairPenPals([
      { classId: 'L', pupilIds: ids('L', 8) },
      { classId: 'N', pupilIds: ids('N', 5) },
    ])
    expect(groups.flat().sort()).toEqual([...ids('L', 8), ...ids('N', 5)].sort())
    expect(groups).toHaveLength(5)
    expect(groups.filter((g) => g.length === 3)).toHaveLength(3)
    for (const g of groups) expect(g.some((p) => p.startsWith('N'))).toBe(true)
  })

  it('mixes three classes', () => {
    const groups = pairPenPals([
      { classId: 'L', pupilIds: ids('L', 4) },
      { classId: 'N', pupilIds: ids('N', 2) },
      { classId: 'D', pupilIds: ids('D', 2) },
    ])
    expect(groups.flat()).toHaveLength(8)
    for (const g of groups) expect(new Set(g.map((p) => p[0])).size).toBeGreaterThan(1)
  })
})
