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
