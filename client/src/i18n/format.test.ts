import { describe, expect, it } from 'vitest'
import { testFormatter } from './testFormatter.js'

const AGREED = '2026-12-01T14:00:00Z' // a Tuesday: 14:00 in London, 17:00 in Nairobi, 19:00 in Lahore

describe('the one formatter (i18next formatting over Intl)', () => {
  it("shows an agreed time in the school's own zone beside each partner's", async () => {
    const en = await testFormatter('en')
    expect(en.agreedTime(AGREED, 'Europe/London', [{ timeZone: 'Africa/Nairobi', place: 'Nairobi' }])).toEqual(['Tue 1 Dec, 14:00 your time · 17:00 in Nairobi'])
    const nairobi = en.agreedTime(AGREED, 'Africa/Nairobi', [
      { timeZone: 'Europe/London', place: 'London' },
      { timeZone: 'Pacific/Auckland', place: 'Auckland' },
    ])
    // Auckland is already on Wednesday: its weekday is said.
    expect(nairobi).toEqual(['Tue 1 Dec, 17:00 your time · 14:00 in London', 'Tue 1 Dec, 17:00 your time · Wed 03:00 in Auckland'])
  })

  it("writes dates in the reader's language: Welsh and Arabic months, Bengali digits", async () => {
    expect((await testFormatter('cy')).dateTime(AGREED, 'dateTimeFull', 'Europe/London')).toMatch(/Rhagfyr/)
    expect((await testFormatter('cy')).agreedTime(AGREED, 'Europe/London', [{ timeZone: 'Africa/Nairobi', place: 'Nairobi' }])[0]).toMatch(/eich amser chi · 17:00 yn Nairobi$/)
    expect((await testFormatter('ar')).dateTime(AGREED, 'dateTimeFull', 'Asia/Karachi')).toMatch(/ديسمبر/)
    expect((await testFormatter('bn')).number(1234)).toBe('১,২৩৪')
  })

  it('formats numbers, lists, calendar days and language names', async () => {
    const en = await testFormatter('en')
    expect(en.number(1234.5)).toBe('1,234.5')
    expect(en.list(['Welsh', 'English', 'Swahili'])).toBe('Welsh, English and Swahili')
    expect(en.day('2026-03-01', 'dayMonth')).toBe('1 March')
    expect(en.language('sw')).toBe('Swahili')
    const cy = await testFormatter('cy')
    expect(cy.list(['Cymraeg', 'Saesneg'])).toMatch(/^Cymraeg a\S* Saesneg$/)
    expect(cy.language('en')).toBe('Saesneg')
  })
})
