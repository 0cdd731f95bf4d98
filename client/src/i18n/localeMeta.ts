import { z } from 'zod'

/**
 * client/src/i18n/meta/<lng>.json: what the language menu says about a language. `reviewed` is true
 * only once a native speaker has checked the texts; the menu marks the others "draft translation" so
 * schools know what to trust, and `note` says who translated and who reviewed.
 */
export const localeMetaSchema = z
  .object({
    name: z.string().min(1),
    dir: z.enum(['ltr', 'rtl']),
    reviewed: z.boolean(),
    note: z.string(),
  })
  .strict()
export type LocaleMeta = z.infer<typeof localeMetaSchema>
