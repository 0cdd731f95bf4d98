import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../../../shared/schemas/assemblies.js'
import { forSharedScreen, hideable, waitingFor } from './chatView.js'

const message = (id: string, fields: Partial<ChatMessage>): ChatMessage => ({
  id,
  assemblyId: 'a1',
  authorId: `author-${id}`,
  authorName: 'Amara',
  authorRole: 'pupil',
  schoolId: 'london',
  className: 'Year 5',
  colorIndex: 0,
  status: 'published',
  rejectReason: null,
  editNote: null,
  flagged: false,
  text: `text ${id}`,
  createdAt: '2025-01-01T09:00:00.000Z',
  ...fields,
})

const all = [
  message('teacher', { authorRole: 'teacher', authorName: 'Ms Jones' }),
  message('published', {}),
  message('held', { status: 'held' }),
  message('partner-held', { status: 'held', schoolId: 'nairobi' }),
  message('rejected', { status: 'rejected', rejectReason: 'Not kind' }),
  message('hidden', { status: 'hidden' }),
  message('flagged', { flagged: true }),
]
const ids = (messages: ChatMessage[]) => messages.map((m) => m.id)

describe('where chat messages are drawn', () => {
  it('the projected screen shows only what every pupil may see', () => {
    expect(ids(forSharedScreen(all))).toEqual(['teacher', 'published'])
  })
  it('a teacher is asked only about her own school’s held messages', () => {
    expect(ids(waitingFor(all, 'london'))).toEqual(['held'])
    expect(ids(waitingFor(all, 'cardiff'))).toEqual([])
  })
  it('published pupil messages, flagged or not, can be hidden', () => {
    expect(ids(hideable(all))).toEqual(['published', 'flagged'])
  })
})
