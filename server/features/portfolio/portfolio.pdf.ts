import { chromium, type Browser } from 'playwright-core'
import { DomainError } from '../../domain/errors.js'

/**
 * Prints the portfolio page to PDF with headless Chromium (the browser the tests already drive).
 * One browser is kept while prints keep coming and closed after a quiet spell; prints run one at a
 * time, since a school server has few cores and a portfolio is made a few times a year.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | undefined
  private idleTimer: NodeJS.Timeout | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly executablePath: string,
    private readonly idleMs = 30_000,
  ) {}

  print(html: string): Promise<Buffer> {
    const job = this.queue.then(() => this.printNow(html))
    this.queue = job.catch(() => undefined)
    return job
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer)
    const browser = this.browser
    this.browser = undefined
    await (await browser?.catch(() => undefined))?.close()
  }

  private async printNow(html: string): Promise<Buffer> {
    clearTimeout(this.idleTimer)
    const browser = await this.open()
    const context = await browser.newContext({ javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      // Nothing outside the document is fetched: the page is self-contained (inline styles and SVG).
      await page.route('**/*', (route) => route.abort())
      await page.setContent(html, { waitUntil: 'load' })
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
      })
    } finally {
      await context.close()
      this.idleTimer = setTimeout(() => void this.close(), this.idleMs)
      this.idleTimer.unref()
    }
  }

  private async open(): Promise<Browser> {
    const current = await this.browser?.catch(() => undefined)
    if (current?.isConnected()) return current
    this.browser = chromium.launch({
      executablePath: this.executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    })
    try {
      return await this.browser
    } catch {
      this.browser = undefined
      throw new DomainError('UNAVAILABLE', 'PDFs cannot be made on this server just now: use the printable page')
    }
  }
}
