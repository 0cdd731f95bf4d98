// A board's limits, in a module without zod: the board page sizes its forms and pages with them and
// must not load the schemas until a pupil writes (issue 13's budget). shared/schemas/boards.ts re-exports them.

export const MAX_POST_LENGTH = 4000

/** The board page's first page of threads: small, so the board shows quickly. */
export const FIRST_THREADS_PAGE = 50
/**
 * Each older page the board asks for once its reader has reached the foot of the list: bigger, so a
 * reader scrolling back through a long board waits on a few round trips rather than dozens.
 */
export const OLDER_THREADS_PAGE = 200
