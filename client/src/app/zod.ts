/**
 * zod, as the browser build imports it (vite.config.ts aliases `zod` here; the server and the tests use
 * the package itself). `jitless`: the page's Content-Security-Policy allows no `eval`, so zod's compiled
 * parsers could never run here — and without this setting zod probes for them with `new Function`, which
 * the browser reports as a CSP violation on every page with a form (Lighthouse's Best Practices,
 * "inspector issues"). Set before any schema is built: a module that imports zod runs after this one.
 */
import { config } from 'zod/v4'

config({ jitless: true })

export * from 'zod/v4'
