/**
 * bench:media — processing time and output bytes for a 12-megapixel photo generated here, beside
 * a bare sharp resize of the same image in the same run. Targets: at most 1.3× the bare resize's
 * time, and a display image at most 10% of the original's bytes.   BENCH_RUNS (default 9).
 */
import sharp from 'sharp'
import { processImage } from '../server/features/media/imagePipeline.js'
import { percentile, report, round } from './support.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const WIDTH = 4000
const HEIGHT = 3000

/** A photo-like 12 MP JPEG: soft shapes and gradients under fine grain, with EXIF like a phone's. */
async function makePhoto(): Promise<Buffer> {
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6fa8dc"/><stop offset="1" stop-color="#f6e7c1"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <ellipse cx="1200" cy="2600" rx="2200" ry="700" fill="#4e7d3a"/>
    <ellipse cx="3300" cy="2700" rx="1500" ry="600" fill="#3b6b2b"/>
    <circle cx="3200" cy="700" r="260" fill="#ffd966"/>
    <rect x="800" y="1500" width="900" height="800" fill="#b45f06"/><polygon points="700,1500 1250,1050 1800,1500" fill="#7f3f00"/>
  </svg>`)
  const base = await sharp(svg).raw().toBuffer({ resolveWithObject: true })
  const grain = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 0, sigma: 12 },
    },
  })
    .raw()
    .toBuffer()
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3)
  for (let i = 0, j = 0; i < pixels.length; i++, j++) {
    if (base.info.channels === 4 && j % 4 === 3) j++
    pixels[i] = Math.max(0, Math.min(255, (base.data[j] ?? 0) + (grain[i] ?? 0) - 6))
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Phone', Artist: 'A pupil' } })
    .toBuffer()
}

/** Times both in turn, run after run, so that the machine's drift falls on both alike. */
async function timeInTurn(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  await a() // warm-up
  await b()
  const times: [number[], number[]] = [[], []]
  for (let i = 0; i < RUNS; i++) {
    for (const [index, fn] of [a, b].entries()) {
      const start = performance.now()
      await fn()
      times[index]!.push(performance.now() - start)
    }
  }
  return times
}

const photo = await makePhoto()
let displayBytes = 0
const [ours, bare] = await timeInTurn(
  async () => {
    displayBytes = (await processImage(photo)).display.length
  },
  () => sharp(photo).resize(1600, 1600, { fit: 'inside' }).webp({ quality: 80 }).toBuffer(),
)
const share = displayBytes / photo.length
console.log(
  `original ${round(photo.length / 1024)} KiB (${WIDTH}×${HEIGHT}); display ${round(displayBytes / 1024)} KiB = ${round(share * 100, 1)}% (target ≤ 10%)`,
)
console.log(`Bridges pipeline (rotate, strip, 1600 px WebP + thumbnail): median ${round(percentile(ours, 50))} ms`)
console.log(`bare sharp resize to 1600 px WebP:                         median ${round(percentile(bare, 50))} ms`)
report({
  bench: 'media',
  metric: 'median_ms',
  value: percentile(ours, 50),
  baseline: percentile(bare, 50),
  target: 1.3,
  display_bytes_share: round(share, 3),
  display_bytes_target: 0.1,
  original_bytes: photo.length,
  display_bytes: displayBytes,
})
