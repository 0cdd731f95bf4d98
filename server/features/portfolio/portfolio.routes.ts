import type { Router } from 'express'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { DomainError } from '../../domain/errors.js'
import {
  linkActivitiesSchema,
  portfolioNotesSchema,
  portfolioQuerySchema,
  portfolioSchema,
} from '../../../shared/schemas/portfolio.js'
import { linkIdParamsSchema } from '../../../shared/schemas/links.js'
import { defineRoute } from '../../http/routes.js'
import { portfolioHtml, portfolioZip } from './portfolio.document.js'
import { portfolioTexts } from './portfolio.i18n.js'
import type { PdfPrinter } from './portfolio.pdf.js'
import type { PortfolioService } from './portfolio.service.js'

export function registerPortfolioRoutes(
  router: Router,
  { portfolio, printer }: { portfolio: PortfolioService; printer: PdfPrinter },
): void {
  const tag = 'Portfolio'
  const fileName = (from: string, to: string, ext: string) => `bridges-portfolio-${from}-${to}.${ext}`
  // Printing starts a browser page: a school gets a few PDFs a minute (the printable page and ZIP are not limited).
  const pdfLimiter = new RateLimiterMemory({ points: 6, duration: 60 })
  const allowPdf = async (schoolId: string) => {
    try {
      await pdfLimiter.consume(schoolId)
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error
      throw new DomainError('RATE_LIMITED', 'Too many PDFs at once: try again in a minute', {
        retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000),
      })
    }
  }
  defineRoute(
    router,
    {
      method: 'get',
      path: '/portfolio',
      summary:
        "My school's portfolio for a date range (default: the last 12 months), mapped to the ISA levels and eTwinning's criteria",
      tag,
      access: 'teacher',
      query: portfolioQuerySchema,
      response: portfolioSchema,
    },
    ({ auth, query }) => portfolio.build(auth.user, query),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/portfolio/page',
      summary: 'The portfolio as a printable HTML page',
      tag,
      access: 'teacher',
      query: portfolioQuerySchema,
    },
    async ({ auth, query, res }) => {
      const p = await portfolio.build(auth.user, query)
      const html = await portfolioHtml(
        p,
        await portfolioTexts(auth.user.locale),
        auth.user.locale,
        await portfolio.pictureBytes(p),
      )
      res.type('html').send(html)
      return html
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/portfolio/pdf',
      summary: 'The portfolio as a PDF a school can submit',
      tag,
      access: 'teacher',
      query: portfolioQuerySchema,
    },
    async ({ auth, query, res }) => {
      await allowPdf(auth.user.schoolId)
      const p = await portfolio.build(auth.user, query)
      const t = await portfolioTexts(auth.user.locale)
      const pdf = await printer.print(await portfolioHtml(p, t, auth.user.locale, await portfolio.pictureBytes(p)))
      res
        .type('application/pdf')
        .setHeader('Content-Disposition', `attachment; filename="${fileName(p.from, p.to, 'pdf')}"`)
      res.send(pdf)
      return pdf
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/portfolio/zip',
      summary: 'The portfolio as a ZIP: the printable page and CSV tables',
      tag,
      access: 'teacher',
      query: portfolioQuerySchema,
    },
    async ({ auth, query, res }) => {
      const p = await portfolio.build(auth.user, query)
      const t = await portfolioTexts(auth.user.locale)
      const zip = await portfolioZip(p, t, auth.user.locale, await portfolio.pictureBytes(p))
      res
        .type('application/zip')
        .setHeader('Content-Disposition', `attachment; filename="${fileName(p.from, p.to, 'zip')}"`)
      res.send(Buffer.from(zip))
      return zip
    },
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/links/:linkId/activities',
      summary:
        "The link's activities with my school's subjects, SDGs and partner-language use, and who of my school took part",
      tag,
      access: 'teacher',
      params: linkIdParamsSchema,
      response: linkActivitiesSchema,
    },
    ({ auth, params }) => portfolio.activitiesOf(auth.user, params.linkId),
  )
  defineRoute(
    router,
    {
      method: 'get',
      path: '/portfolio/notes',
      summary: 'What my school wrote into its portfolio',
      tag,
      access: 'teacher',
      response: portfolioNotesSchema,
    },
    ({ auth }) => portfolio.notes(auth.user),
  )
  defineRoute(
    router,
    {
      method: 'put',
      path: '/portfolio/notes',
      summary:
        'Write what the app cannot know: staff development, sharing with parents and the community, the international policy',
      tag,
      access: 'teacher',
      body: portfolioNotesSchema,
      response: portfolioNotesSchema,
    },
    ({ auth, body }) => portfolio.saveNotes(auth.user, body),
  )
}
