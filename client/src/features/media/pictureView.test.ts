import { describe, expect, it } from 'vitest'
import { testFormatter } from '../../i18n/testFormatter.js'
import { formatBytes, pictureStage, thumbSize } from './pictureView.js'

describe('pictureStage', () => {
  it.each([
    [false, false, 'thumb'],
    [false, true, 'thumb'],
    [true, false, 'placeholder'],
    [true, true, 'thumb'],
  ] as const)('data saver %s, tapped %s → %s', (dataSaver, tapped, stage) => {
    expect(pictureStage(dataSaver, tapped)).toBe(stage)
  })
})

describe('thumbSize', () => {
  it.each([
    [
      { width: 1600, height: 1200 },
      { width: 400, height: 300 },
    ],
    [
      { width: 900, height: 1600 },
      { width: 225, height: 400 },
    ],
    [
      { width: 1600, height: 1067 },
      { width: 400, height: 267 },
    ],
    // Small pictures are never enlarged.
    [
      { width: 320, height: 200 },
      { width: 320, height: 200 },
    ],
    [
      { width: 0, height: 0 },
      { width: 1, height: 1 },
    ],
  ])('%o → %o', (media, size) => {
    expect(thumbSize(media)).toEqual(size)
  })
})

describe('formatBytes', () => {
  it('speaks kilobytes below a megabyte and megabytes above', async () => {
    const format = await testFormatter('en')
    expect(formatBytes(183_400, format)).toBe('183 kB')
    expect(formatBytes(1_250_000, format)).toBe('1.3 MB')
    expect(formatBytes(12, format)).toBe('1 kB')
  })
})
