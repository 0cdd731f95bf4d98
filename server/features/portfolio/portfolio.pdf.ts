import { chromium } from 'playwright-core'
import { DomainError } from '../../domain/errors.js'

let printing: Promise<unknown> = Promise.resolve()

/**
 * Prints the portfolio page to PDF with headless Chromium (the browser the tests already drive).
 * One print at a time: a school server has few cores, and a portfolio is made a few times a year.
 */
export function printPdf(html: string, executablePath: string): Promise<Buffer> {
  const job = printing.then(async () => {
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }).catch(() => {
      throw new DomainError('UNAVAILABLE', 'PDFs cannot be made on this server just now: use the printable page')
    })
    try {
      const page = await browser.newPage({ javaScriptEnabled: false })
      // Nothing outside the document is fetched: the page is self-contained (inline styles and SVG).
      await page.route('**/*', (route) => route.abort())
      await page.setContent(html, { waitUntil: 'load' })
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } })
    } finally {
      await browser.close()
    }
  })
  printing = job.catch(() => undefined)
  return job
}
