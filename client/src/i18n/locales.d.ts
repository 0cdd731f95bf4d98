// Built by the Vite plugin in client/localeModules.ts from the folders under ./locales.
declare module 'virtual:locales' {
  type Namespace = Record<string, unknown>
  /** The default language's namespaces (one JSON file each). */
  export const namespaces: string[]
  /** Each language's texts: the common ones at once, the large page-specific ones (`later`) on demand. */
  export const languages: Record<
    string,
    () => Promise<{ texts: Record<string, Namespace>; later: Record<string, () => Promise<Namespace>> }>
  >
}
