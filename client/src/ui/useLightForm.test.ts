import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { brokenRule } from './useLightForm.js'

describe('the sign-in forms’ rules (react-hook-form’s names and order)', () => {
  const code = { required: true, maxLength: 8, validate: (value: string) => value.trim().length === 6 }
  it.each([
    ['', 'required'],
    ['ABCDEFGHI', 'maxLength'],
    ['ABC', 'validate'],
    [' ABCDEF ', undefined],
  ] as const)('%j breaks %s', (value, rule) => {
    expect(brokenRule(value, code)).toBe(rule)
  })

  it('lets anything through a field without rules, and an empty optional field past validate-free rules', () => {
    expect(brokenRule('', {})).toBeUndefined()
    expect(brokenRule('', { maxLength: 3 })).toBeUndefined()
  })
})

describe('one form pattern', () => {
  it('every form uses useLightForm: no client file imports react-hook-form or its resolvers', () => {
    const root = path.resolve(import.meta.dirname, '..')
    const offenders = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) =>
        /from '(react-hook-form|@hookform\/[\w-]+)'/.test(fs.readFileSync(path.join(root, file), 'utf8')),
      )
    expect(offenders).toEqual([])
  })
})
