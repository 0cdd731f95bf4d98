/**
 * Loads the browser's date and number data (ICU) for the reader's language, off the main thread. The first
 * Intl date or number formatter a page builds costs 50–400 ms of locale data loading on a school laptop (and
 * four times that on the phones Lighthouse stands for), in the middle of rendering her board or home. That
 * data is shared by the whole page process: loaded here first, the page's own formatters cost about 1 ms.
 */
import { formatLocale } from './formatLocale.js'

addEventListener('message', (event: MessageEvent<string>) => {
  const locale = formatLocale(event.data)
  const now = new Date()
  // The house styles a pupil's first pages show (format.ts DATE_STYLES), a time in another zone, a number,
  // and the device's own zone.
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(now)
  new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(now)
  new Intl.NumberFormat(locale).format(1)
  void Intl.DateTimeFormat().resolvedOptions().timeZone
  close()
})
