import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { emailSchema, pupilSignInSchema, teacherSignInSchema, teacherSignUpSchema, updateMeSchema } from './accounts.js'
import { agreementContentSchema } from './agreements.js'
import { assemblyChatSchema, assemblyMuteSchema, newAssemblySchema, signalSchema } from './assemblies.js'
import {
  FIRST_THREADS_PAGE,
  newReplySchema,
  newThreadSchema,
  OLDER_THREADS_PAGE,
  threadFlagsSchema,
  threadsQuerySchema,
} from './boards.js'
import {
  countryCodeSchema,
  hasInvalidCodePoint,
  languagesSchema,
  languageTagSchema,
  pageQuerySchema,
  textSchema,
  timeZoneSchema,
} from './common.js'
import { moderationInputSchema } from './moderation.js'
import { directoryEntryInputSchema, directoryQuerySchema, linkRequestInputSchema } from './partners.js'
import { newRoundSchema, newWallItemSchema } from './wall.js'
import {
  classInputSchema,
  newPupilsSchema,
  schoolInputSchema,
  updateClassSchema,
  updatePupilSchema,
  updateSchoolSchema,
} from './schools.js'

/** Asserts what a schema turns each accepted input into, and that it refuses each refused one. */
function table<S extends z.ZodType>(schema: S, accepts: [unknown, z.output<S>][], refuses: unknown[]) {
  it.each(accepts)('accepts %j', (input, output) => {
    expect(schema.parse(input)).toEqual(output)
  })
  it.each(refuses.map((input) => [input]))('refuses %j', (input) => {
    expect(schema.safeParse(input).success).toBe(false)
  })
}

describe('time zones', () => {
  table(
    timeZoneSchema,
    [
      ['Europe/London', 'Europe/London'],
      ['Africa/Nairobi', 'Africa/Nairobi'],
      ['Asia/Dhaka', 'Asia/Dhaka'],
      ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
      ['UTC', 'UTC'],
      [' Asia/Kolkata ', 'Asia/Kolkata'],
    ],
    ['', 'London', 'Europe/Londn', 'Mars/Olympus_Mons', 'GMT+25', 'x'.repeat(65), 42, null],
  )
})

describe('country codes', () => {
  table(
    countryCodeSchema,
    [
      ['GB', 'GB'],
      ['ke', 'KE'],
      [' bd ', 'BD'],
    ],
    ['', 'G', 'GBR', 'U.K', '12', 'É', 826],
  )
})

describe('language tags', () => {
  table(
    languageTagSchema,
    [
      ['en', 'en'],
      ['cy', 'cy'],
      ['sw', 'sw'],
      ['yue', 'yue'],
      ['pt-BR', 'pt-BR'],
      ['zh-Hans-CN', 'zh-Hans-CN'],
      [' ar ', 'ar'],
    ],
    ['', 'e', 'english', 'en_GB', 'en-', '-en', 'en--GB', 'en-x', '12'],
  )
  table(
    languagesSchema,
    [
      [
        ['en', 'sw'],
        ['en', 'sw'],
      ],
    ],
    [[], 'en', Array(11).fill('en'), ['en', 'not a tag']],
  )
})

describe('emails', () => {
  table(
    emailSchema,
    [
      ['ms.khan@example.org', 'ms.khan@example.org'],
      ['  Ms.Khan@Example.ORG ', 'ms.khan@example.org'],
    ],
    ['', 'ms.khan', 'ms.khan@', '@example.org', 'two words@example.org', `${'a'.repeat(250)}@example.org`],
  )
})

describe('pupil sign-in codes', () => {
  table(
    pupilSignInSchema,
    [
      [
        { classCode: 'ABCDEF', personalCode: 'GHJKMN' },
        { classCode: 'ABCDEF', personalCode: 'GHJKMN' },
      ],
      [
        { classCode: 'abcdef', personalCode: 'ghjkmn' },
        { classCode: 'ABCDEF', personalCode: 'GHJKMN' },
      ],
      [
        { classCode: 'ABC-DEF', personalCode: 'GHJ KMN' },
        { classCode: 'ABCDEF', personalCode: 'GHJKMN' },
      ],
      [
        { classCode: ' abc - def ', personalCode: 'g-h-j-k-m-n' },
        { classCode: 'ABCDEF', personalCode: 'GHJKMN' },
      ],
    ],
    [
      { classCode: 'ABCDE', personalCode: 'GHJKMN' },
      { classCode: 'ABCDEFG', personalCode: 'GHJKMN' },
      { classCode: 'ABCDEF', personalCode: '' },
      { classCode: '------', personalCode: 'GHJKMN' },
      { classCode: 'ABCDEF' },
      { classCode: 123456, personalCode: 'GHJKMN' },
    ],
  )
})

describe('teacher accounts', () => {
  const school = { name: 'Thames Primary', country: 'gb', city: 'London', timeZone: 'Europe/London', languages: ['en'] }
  const signUp = { email: 'Ms.Khan@Example.org', password: 'a long enough secret', displayName: ' Ms Khan ', school }

  table(
    teacherSignUpSchema,
    [
      [
        signUp,
        { ...signUp, email: 'ms.khan@example.org', displayName: 'Ms Khan', school: { ...school, country: 'GB' } },
      ],
      [
        { ...signUp, locale: 'cy' },
        {
          ...signUp,
          locale: 'cy',
          email: 'ms.khan@example.org',
          displayName: 'Ms Khan',
          school: { ...school, country: 'GB' },
        },
      ],
    ],
    [
      { ...signUp, locale: 'xx' },
      { ...signUp, password: '' },
      { ...signUp, password: 'x'.repeat(201) },
      { ...signUp, displayName: '   ' },
      { ...signUp, school: { ...school, timeZone: 'Nowhere/Else' } },
      { ...signUp, school: { ...school, languages: [] } },
      { ...signUp, school: undefined },
    ],
  )
  table(
    teacherSignInSchema,
    [
      [
        { email: 'A@B.co', password: 'x' },
        { email: 'a@b.co', password: 'x' },
      ],
    ],
    [{ email: 'a@b.co', password: '' }, { email: 'a@b.co' }, { email: 'nope', password: 'x' }],
  )
  table(
    updateMeSchema,
    [
      [
        { locale: 'en', displayName: ' Jo ' },
        { locale: 'en', displayName: 'Jo' },
      ],
      [{ locale: 'ur' }, { locale: 'ur' }],
    ],
    [{}, { locale: 'fr-CA' }, { locale: 'xx' }, { displayName: '' }],
  )
})

describe('schools', () => {
  const input = {
    name: 'Umoja Primary',
    country: 'ke',
    city: 'Nairobi',
    timeZone: 'Africa/Nairobi',
    languages: ['en', 'sw'],
  }
  table(
    schoolInputSchema,
    [[input, { ...input, country: 'KE' }]],
    [
      { ...input, name: '' },
      { ...input, name: 'x'.repeat(121) },
      { ...input, city: ' ' },
      { ...input, country: 'KEN' },
    ],
  )
  table(
    updateSchoolSchema,
    [[{ city: 'Mombasa' }, { city: 'Mombasa' }]],
    [{}, { timeZone: 'Nairobi' }, { languages: [] }],
  )
})

describe('classes and their age ranges', () => {
  const input = {
    name: 'Year 5',
    ageMin: 9,
    ageMax: 10,
    languages: ['en'],
    subjects: ['geography'],
    timeZone: 'Europe/London',
  }
  table(
    classInputSchema,
    [
      [input, input],
      [
        { ...input, ageMin: 10, ageMax: 10 },
        { ...input, ageMin: 10, ageMax: 10 },
      ],
      [
        { ...input, ageMin: 3, ageMax: 19 },
        { ...input, ageMin: 3, ageMax: 19 },
      ],
      [
        { ...input, subjects: undefined },
        { ...input, subjects: [] },
      ],
    ],
    [
      { ...input, ageMin: 12, ageMax: 9 },
      { ...input, ageMin: 2 },
      { ...input, ageMax: 20 },
      { ...input, ageMin: 9.5 },
      { ...input, ageMin: '9' },
      { ...input, subjects: Array(21).fill('art') },
      { ...input, subjects: [''] },
      { ...input, name: undefined },
    ],
  )

  it('names ageMax when the range is upside down', () => {
    const result = classInputSchema.safeParse({ ...input, ageMin: 12, ageMax: 9 })
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['ageMax']])
  })

  // A change lists only what changes: nothing may be filled in, or it would overwrite stored values.
  table(
    updateClassSchema,
    [
      [{ name: ' Year 6 ' }, { name: 'Year 6' }],
      [{ ageMin: 12 }, { ageMin: 12 }],
      [{ subjects: [] }, { subjects: [] }],
    ],
    [{}, { ageMin: 12, ageMax: 9 }, { ageMax: 25 }, { languages: [] }, { timeZone: 'Atlantis' }],
  )
})

describe('pupils', () => {
  table(
    newPupilsSchema,
    [
      [{ displayNames: ['Amara'] }, { displayNames: ['Amara'] }],
      [{ displayNames: [' Amara ', 'Bilal'] }, { displayNames: ['Amara', 'Bilal'] }],
      [{ displayNames: Array(60).fill('Pupil') }, { displayNames: Array(60).fill('Pupil') }],
    ],
    [
      { displayNames: [] },
      { displayNames: Array(61).fill('Pupil') },
      { displayNames: ['Amara', ' '] },
      { displayNames: ['x'.repeat(61)] },
      {},
    ],
  )
  table(
    updatePupilSchema,
    [
      [{ active: false }, { active: false }],
      [{ displayName: ' Jo ' }, { displayName: 'Jo' }],
    ],
    [{}, { active: 'no' }, { displayName: '' }],
  )
  table(
    textSchema(5),
    [
      [' abc ', 'abc'],
      ['abcde', 'abcde'],
    ],
    ['', '   ', 'abcdef', null],
  )
})

describe('code points no keyboard types', () => {
  const refused = {
    NUL: 'a\u0000b',
    'a bell': 'a\u0007b',
    'an escape': 'a\u001Bb',
    'a vertical tab': 'a\u000Bb',
    'a lone high surrogate': 'a\uD83Db',
    'a lone low surrogate': 'a\uDE00b',
    'a surrogate pair back to front': 'a\uDE00\uD83Db',
    'a high surrogate at the very end': 'ab\uD83D',
  }
  const accepted = [
    'tab\there',
    'two\nlines',
    'windows\r\nline',
    'emoji 👋🏽🇰🇪',
    'مرحبا',
    'ধন্যবাদ',
    'e\u0301',
    '\u00A0nbsp\u00A0',
    'del\u007F',
  ]

  it.each(Object.entries(refused))('hasInvalidCodePoint finds %s', (_label, value) => {
    expect(hasInvalidCodePoint(value)).toBe(true)
  })
  it.each(accepted)('hasInvalidCodePoint lets %j through', (value) => {
    expect(hasInvalidCodePoint(value)).toBe(false)
  })

  const id = '7a0c3b7e-4a7b-4b1e-9c1a-1f2e3d4c5b6a'
  const school = { name: 'Thames Primary', country: 'GB', city: 'London', timeZone: 'Europe/London', languages: ['en'] }
  /** Every client input with text in it: [schema, a valid input, where to plant the bad character]. */
  const inputs: [string, z.ZodType, Record<string, unknown>, (string | number)[]][] = [
    [
      'sign-up name',
      teacherSignUpSchema,
      { email: 'a@b.co', password: 'a long enough secret', displayName: 'Jo', school },
      ['displayName'],
    ],
    [
      'sign-up password',
      teacherSignUpSchema,
      { email: 'a@b.co', password: 'a long enough secret', displayName: 'Jo', school },
      ['password'],
    ],
    [
      'sign-up school city',
      teacherSignUpSchema,
      { email: 'a@b.co', password: 'a long enough secret', displayName: 'Jo', school },
      ['school', 'city'],
    ],
    ['sign-in email', teacherSignInSchema, { email: 'a@b.co', password: 'x' }, ['email']],
    ['pupil code', pupilSignInSchema, { classCode: 'ABCDEF', personalCode: 'GHJKMN' }, ['personalCode']],
    ['my name', updateMeSchema, { displayName: 'Jo' }, ['displayName']],
    ['school name', updateSchoolSchema, { name: 'Umoja' }, ['name']],
    [
      'class subject',
      classInputSchema,
      { name: 'Year 5', ageMin: 9, ageMax: 10, languages: ['en'], subjects: ['art'], timeZone: 'Europe/London' },
      ['subjects', 0],
    ],
    ['pupil names', newPupilsSchema, { displayNames: ['Amara'] }, ['displayNames', 0]],
    ['pupil rename', updatePupilSchema, { displayName: 'Amara' }, ['displayName']],
    ['thread title', newThreadSchema, { title: 'Hi', body: 'Body' }, ['title']],
    ['reply', newReplySchema, { body: 'Body' }, ['body']],
    ['board search', threadsQuerySchema, { q: 'rain' }, ['q']],
    ['page cursor', pageQuerySchema, { cursor: 'abc' }, ['cursor']],
    ['wall letter', newWallItemSchema, { kind: 'letter', body: 'Dear friend' }, ['body']],
    ['wall caption', newWallItemSchema, { kind: 'picture', mediaId: id, caption: 'Our garden' }, ['caption']],
    [
      'round theme',
      newRoundSchema,
      { theme: 'Food', deadline: '2030-01-01T00:00:00Z', releaseAt: '2030-01-02T00:00:00Z' },
      ['theme'],
    ],
    ['agreement aims', agreementContentSchema, { aims: 'Friendship', communication: {}, evaluation: {} }, ['aims']],
    ['assembly agenda', newAssemblySchema, { title: 'Hello', agenda: 'Songs' }, ['agenda']],
    ['chat message', assemblyChatSchema, { assemblyId: id, text: 'Hello' }, ['text']],
    ['mute target', assemblyMuteSchema, { assemblyId: id, peerId: 'abc' }, ['peerId']],
    [
      'signal target',
      signalSchema,
      { assemblyId: id, to: 'abc', data: { type: 'renegotiate', renegotiate: true } },
      ['to'],
    ],
    ['moderation reason', moderationInputSchema, { reason: 'Unkind' }, ['reason']],
    ['moderation edit', moderationInputSchema, { body: 'Kinder words' }, ['body']],
    ['directory hopes', directoryEntryInputSchema, { hopes: 'Pen pals' }, ['hopes']],
    ['directory theme filter', directoryQuerySchema, { theme: 'weather' }, ['theme']],
    ['invitation message', linkRequestInputSchema, { fromClassId: id, toClassId: id, message: 'Hello' }, ['message']],
  ]
  const plant = (input: Record<string, unknown>, path: (string | number)[], value: string) => {
    const copy = structuredClone(input)
    let at: Record<string | number, unknown> = copy
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
    at[path.at(-1)!] = value
    return copy
  }

  describe.each(inputs)('%s', (_label, schema, valid, path) => {
    it('accepts the valid input', () => {
      expect(schema.safeParse(valid).success).toBe(true)
    })
    it.each(Object.entries(refused))('refuses %s and names the field', (_what, bad) => {
      const result = schema.safeParse(plant(valid, path, bad))
      expect(result.success).toBe(false)
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path.join('.'))
    })
  })

  it('free text keeps tabs, newlines and every script', () => {
    for (const value of accepted) expect(newReplySchema.parse({ body: value }).body).toBe(value.trim())
  })
})

describe('partial updates must change something', () => {
  table(
    threadFlagsSchema,
    [
      [{ pinned: true }, { pinned: true }],
      [{ locked: false }, { locked: false }],
    ],
    [{}, { pinned: undefined }, { pinned: 'yes' }],
  )

  it('says so in the message', () => {
    expect(threadFlagsSchema.safeParse({}).error?.issues[0]?.message).toMatch(/at least one/i)
  })
})

describe('board thread pages', () => {
  it('take an older page as big as the board asks for, and no bigger', () => {
    expect(threadsQuerySchema.parse({}).limit).toBe(20)
    expect(threadsQuerySchema.parse({ limit: String(OLDER_THREADS_PAGE) }).limit).toBe(OLDER_THREADS_PAGE)
    expect(threadsQuerySchema.safeParse({ limit: String(OLDER_THREADS_PAGE + 1) }).success).toBe(false)
    expect(FIRST_THREADS_PAGE).toBeLessThan(OLDER_THREADS_PAGE)
  })
})
