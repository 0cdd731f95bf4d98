import { describe, expect, it } from 'vitest'
import { agreementContentSchema, changedParts, isEmptyAgreement } from './agreements.js'

const draft = agreementContentSchema.parse({
  aims: '',
  principles: '',
  communication: { how: '' },
  resources: '',
  evaluation: {},
  exitStrategy: '',
})

describe('the agreement’s words', () => {
  it('is empty until its aims, principles, communication or plan say something', () => {
    expect(isEmptyAgreement(draft)).toBe(true)
    expect(isEmptyAgreement({ ...draft, aims: '   ' })).toBe(true)
    expect(isEmptyAgreement({ ...draft, resources: 'A camera' })).toBe(true)
    expect(isEmptyAgreement({ ...draft, communication: { ...draft.communication, how: 'Letters' } })).toBe(false)
    expect(
      isEmptyAgreement({
        ...draft,
        plan: [{ id: '00000000-0000-4000-8000-000000000000', date: '2099-01-01', activity: 'Letters', outcome: '' }],
      }),
    ).toBe(false)
  })
  it('names the parts that changed between versions', () => {
    expect(changedParts(draft, draft)).toEqual([])
    expect(changedParts(draft, { ...draft, aims: 'Learn', exitStrategy: 'A term’s notice' })).toEqual([
      'aims',
      'exitStrategy',
    ])
  })
})
