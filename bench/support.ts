import { io as connect, type Socket } from 'socket.io-client'

/** Small helpers shared by the benchmarks. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? NaN
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits))

/** The one line every benchmark ends with, read by people and by tools alike. */
export function report(
  line: { bench: string; metric: string; value: number; baseline: number; target: number } & Record<string, unknown>,
): void {
  const { bench, metric, value, baseline, target, ...extra } = line
  console.log(
    JSON.stringify({
      bench,
      metric,
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      target,
      ...extra,
    }),
  )
}

/** Opens `count` live connections (WebSocket only, as a school's clients would), `batch` at a time. */
export async function connectAll(
  url: string,
  cookie: string | undefined,
  count: number,
  batch = 100,
): Promise<Socket[]> {
  const sockets: Socket[] = []
  for (let i = 0; i < count; i += batch) {
    const opening = Array.from({ length: Math.min(batch, count - i) }, () => {
      const socket = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: cookie ? { cookie } : {},
      })
      return new Promise<Socket>((resolve, reject) => {
        socket.once('connect', () => resolve(socket))
        socket.once('connect_error', reject)
      })
    })
    sockets.push(...(await Promise.all(opening)))
  }
  return sockets
}
