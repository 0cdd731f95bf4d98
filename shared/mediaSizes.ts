// Picture sizes, in a module without zod: the pupil's first page sizes its picture boxes with them and
// must not load the schemas (issue 13's budget).

/** The largest upload accepted, before processing (a phone photo is 3–8 MB). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024
/** Longest side of the display image; the original is never kept. */
export const DISPLAY_SIZE = 1600
/** Longest side of the thumbnail. */
export const THUMB_SIZE = 400
