/**
 * The Chromium the browser tests and the benchmarks drive (Debian's, unless CHROMIUM_PATH says
 * otherwise) and the flags they all launch it with: one list, so a bench measures the browser the
 * tests run.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium'

/** No sandbox (containers), no GPU, and none of the background traffic a first run would make. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** A fake camera and microphone, allowed without asking: for classes in calls and video postcards. */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']
