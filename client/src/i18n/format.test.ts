import { describe, expect, it, vi } from 'vitest'
import { formatLocale } from './format.js'
import { testFormatter } from './testFormatter.js'

const AGREED = '2026-12-01T14:00:00Z' // a Tuesday: 14:00 in London, 17:00 in Nairobi, 19:00 in Lahore

describe('the one formatter (i18next formatting over Intl)', () => {
  it("shows an agreed time in the school's own zone beside each partner's", async () => {
    const en = await testFormatter('en')
    expect(en.agreedTime(AGREED, 'Europe/London', [{ timeZone: 'Africa/Nairobi', place: 'Nairobi' }])).toEqual([
      'Tue 1 Dec, 14:00 your time · 17:00 in Nairobi',
    ])
    const nairobi = en.agreedTime(AGREED, 'Africa/Nairobi', [
      { timeZone: 'Europe/London', place: 'London' },
      { timeZone: 'Pacific/Auckland', place: 'Auckland' },
    ])
    // Auckland is already on Wednesday: its weekday is said.
    expect(nairobi).toEqual([
      'Tue 1 Dec, 17:00 your time · 14:00 in London',
      'Tue 1 Dec, 17:00 your time · Wed 03:00 in Auckland',
    ])
  })

  it("writes dates in the reader's language: Welsh and Arabic months, Bengali digits", async () => {
    expect((await testFormatter('cy')).dateTime(AGREED, 'dateTimeFull', 'Europe/London')).toMatch(/Rhagfyr/)
    expect(
      (await testFormatter('cy')).agreedTime(AGREED, 'Europe/London', [
        { timeZone: 'Africa/Nairobi', place: 'Nairobi' },
      ])[0],
    ).toMatch(/eich amser chi · 17:00 yn Nairobi$/)
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

  it('formats Welsh, Gaelic and Irish in their region’s style where the browser has no dates for them', async () => {
    // As in Debian's Chromium: Intl knows no Welsh, so an unhelped formatter falls back to American English.
    const supported = vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockReturnValue([])
    try {
      expect([formatLocale('cy'), formatLocale('gd'), formatLocale('ga'), formatLocale('sw')]).toEqual([
        'en-GB',
        'en-GB',
        'en-IE',
        'sw',
      ])
      expect((await testFormatter('cy')).dateTime(AGREED, 'time', 'Africa/Nairobi')).toBe('17:00')
      expect((await testFormatter('gd')).dateTime(AGREED, 'dayTime', 'Europe/London')).toBe(
        'Tuesday 1 December at 14:00',
      )
    } finally {
      supported.mockRestore()
    }
    // Where the browser has them, Welsh dates are Welsh.
    expect(formatLocale('cy')).toBe('cy')
    expect(formatLocale('en')).toBe('en-GB')
  })
})
