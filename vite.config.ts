import fs from 'node:fs'
import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { compression } from 'vite-plugin-compression2'
import { VitePWA } from 'vite-plugin-pwa'
import { DEFAULT_LOCALE } from './shared/locales.js'
import { languageOfModule, localeModules } from './client/localeModules.js'
import { keepInPrecache } from './client/precache.js'
import { LAZY_NAMESPACES } from './client/src/i18n/lazyNamespaces.js'

/** Lazy namespaces a pupil's board and wall read together: one chunk per language, one request. */
const POST_NAMESPACES = ['boards', 'wall', 'video', 'outbox']

const apiPort = process.env.PORT ?? '3000'

/**
 * Source maps are built (error reports need them) but moved out of the served folder: browsers never
 * download them, and the server has nothing to leak. They land in dist/sourcemaps/, same paths.
 */
function keepSourceMapsPrivate(): Plugin {
  return {
    name: 'bridges:private-source-maps',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir
      if (!outDir) return
      const mapsDir = path.join(path.dirname(outDir), 'sourcemaps')
      fs.rmSync(mapsDir, { recursive: true, force: true })
      for (const file of Object.keys(bundle).filter((name) => name.endsWith('.map'))) {
        const target = path.join(mapsDir, file)
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.renameSync(path.join(outDir, file), target)
      }
    },
  }
}

/**
 * Moves the built stylesheet links from <head> to the end of <body>. Chromium paints what comes before
 * an in-body stylesheet without waiting for it, so the inline app shell in index.html shows as soon as
 * the page itself arrives; the scripts still wait for the stylesheet before they run.
 */
function stylesheetsAfterShell(): Plugin {
  return {
    name: 'bridges:stylesheets-after-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const links: string[] = []
        // English texts are needed by every reader (Welsh falls back to them): fetched with the scripts,
        // not one round trip after they run.
        const english = Object.values(bundle ?? {}).find((file) => file.type === 'chunk' && file.name === 'locale-en')
        if (english)
          html = html.replace(
            '</head>',
            `  <link rel="modulepreload" crossorigin href="/${english.fileName}">\n  </head>`,
          )
        const head = html.replace(/\s*<link rel="stylesheet"[^>]*>/g, (link) => {
          links.push(link.trim())
          return ''
        })
        return head.replace('</body>', `  ${links.join('\n    ')}\n  </body>`)
      },
    },
  }
}

/** The build's output folder, as Vite resolved it (the precache list reads the manifest written there). */
let builtTo = ''
function rememberOutDir(): Plugin {
  return {
    name: 'bridges:out-dir',
    configResolved(config) {
      builtTo = path.resolve(config.root, config.build.outDir)
    },
  }
}

/** Libraries that change rarely and every page needs: their own chunks stay cached across releases. */
const vendorGroups = [
  // What every first page runs (React, TanStack Query, i18next, the API client) and the bundler's runtime and
  // dynamic-import helper, in one chunk: libraries that change rarely, so it stays cached across releases, and one request rather than four
  // (on a slow line each request the page starts before its first paint delays that paint). The helper is
  // here, not in the first language's chunk, where every reader would download Amharic with it.
  {
    name: 'vendor',
    test: (id: string) =>
      id === '\0vite/preload-helper.js' ||
      id.startsWith('\0rolldown/runtime') ||
      /client[\\/]src[\\/]api[\\/]http\.ts$|shared[\\/](errors|http)\.ts$/.test(id) ||
      /node_modules[\\/](react|react-dom|scheduler|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/.test(
        id,
      ),
    priority: 50,
  },
  // zod may not reach a pupil's first page (the sign-in forms check plain rules, client/src/ui/useLightForm.ts).
  { name: 'zod', test: /node_modules[\\/]zod[\\/]|client[\\/]src[\\/]app[\\/]zod\.ts$/, priority: 20 },
  // One chunk per language (all its namespaces): the app loads the reader's language only, in one request.
  // One chunk per language for the texts every page needs; the large teacher-only namespaces
  // (client/src/i18n/index.ts LAZY_NAMESPACES) each in a chunk of their own, loaded by their pages.
  {
    name: (id: string) => {
      const language = languageOfModule(id)
      if (language) return `locale-${language}`
      const match = /i18n[\\/]locales[\\/]([\w-]+)[\\/]([\w-]+)\.json$/.exec(id)
      if (!match) return null
      if (POST_NAMESPACES.includes(match[2]!)) return `locale-${match[1]}-posts`
      return LAZY_NAMESPACES.includes(match[2]!) ? `locale-${match[1]}-${match[2]}` : `locale-${match[1]}`
    },
    priority: 40,
  },
  {
    name: 'socket',
    test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter|xmlhttprequest-ssl)[\\/]/,
    priority: 20,
  },
]

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    localeModules({ defaultLocale: DEFAULT_LOCALE, lazyNamespaces: LAZY_NAMESPACES }),
    rememberOutDir(),
    // The service worker (client/src/serviceWorker/sw.ts): precaches the built app, keeps the signed-in
    // pupil's last-seen pages for reading offline. Registered by the app in production builds only.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/serviceWorker',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        sourcemap: false,
        // Above Workbox's 2 MiB default: bench:weight's one-bundle baseline (2.1 MB, the shape main had
        // before issue 13) must still build. The shipped build's chunks are far smaller.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // Only what a pupil reads offline (client/precache.ts); the rest is cached when first used.
        manifestTransforms: [
          (entries) => {
            const keep = keepInPrecache(builtTo)
            return Promise.resolve({ manifest: entries.filter((entry) => keep(entry.url)), warnings: [] })
          },
        ],
      },
      devOptions: { enabled: false },
    }),
    // Brotli and gzip copies beside each built file, served by the server as the browser accepts them.
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      threshold: 1024,
      exclude: [/manifest\.json$/],
      logLevel: 'silent',
    }),
    keepSourceMapsPrivate(),
    stylesheetsAfterShell(),
  ],
  resolve: {
    // simple-peer's package entry expects Node globals; its prebuilt browser bundle does not.
    alias: [
      { find: /^simple-peer$/, replacement: 'simple-peer/simplepeer.min.js' },
      // react-i18next still imports the React 17 shim of useSyncExternalStore; React 19 has it built in.
      // The browser's zod runs without its eval probe (client/src/app/zod.ts).
      { find: /^zod$/, replacement: path.resolve(import.meta.dirname, 'client/src/app/zod.ts') },
      { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: 'react' },
      // React Router's names on wouter, 10 KB lighter for every page (client/src/app/router.tsx; tsconfig.json
      // maps the specifier the same way for types).
      { find: /^react-router$/, replacement: path.resolve(import.meta.dirname, 'client/src/app/router.tsx') },
    ],
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // 'hidden': no sourceMappingURL comment in the bundles; the maps themselves go to dist/sourcemaps.
    sourcemap: 'hidden',
    // dist/client/.vite/manifest.json: the weight budget test reads which chunks each page loads.
    manifest: true,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
  server: {
    port: 5173,
    proxy: {
      // The API refuses writes from other origins: keep the browser's Host so the dev page counts as its own.
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
      '/socket.io': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
    },
  },
})
