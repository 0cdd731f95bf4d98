/**
 * Namespaces that load with their pages, not with the app (see client/src/i18n/index.ts). Plain data, so
 * vite.config.ts names their chunks from this same list.
 */
export const LAZY_NAMESPACES = [
  'portfolio',
  'privacy',
  'reflections',
  'links',
  'schools',
  'assemblies',
  'paper',
  'moderation',
  'boards',
  'wall',
  'video',
  'outbox',
]
