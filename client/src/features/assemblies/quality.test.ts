import { describe, expect, it } from 'vitest'
import { SENDING, sendingFor } from './quality.js'

describe('what a class computer sends', () => {
  it('sends less when the partner’s line is poor or our own line is weak, and everything otherwise', () => {
    expect(sendingFor('good', false)).toBe('full')
    expect(sendingFor('fair', false)).toBe('full')
    expect(sendingFor(undefined, false)).toBe('full')
    expect(sendingFor('poor', false)).toBe('reduced')
    expect(sendingFor('good', true)).toBe('reduced')
  })

  it('reduces resolution, frame rate and bitrate together', () => {
    expect(SENDING.reduced.scaleResolutionDownBy).toBeGreaterThan(SENDING.full.scaleResolutionDownBy)
    expect(SENDING.reduced.maxFramerate).toBeLessThan(SENDING.full.maxFramerate)
    expect(SENDING.reduced.maxBitrate).toBeLessThan(SENDING.full.maxBitrate)
  })
})
