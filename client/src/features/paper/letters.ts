import type { PaperPage, PaperPupil } from '../../../../shared/schemas/paper.js'

/** What the teacher has said about one letter of the stack. */
export interface LetterChoice {
  pupilId: string
  penPalId: string
  text: string
  /** Pupils drawn or photographed on its pages (none ticked: the pages show nobody). */
  shownPupilIds: string[]
}

export const emptyChoice: LetterChoice = { pupilId: '', penPalId: '', text: '', shownPupilIds: [] }

/**
 * Pages in order, grouped into letters: each page starts a letter unless it was joined to the one
 * before. Pages are known by their place in the stack, which stays when a page is turned (a turned
 * page is a new picture).
 */
export function groupPages(pages: readonly PaperPage[], joined: ReadonlySet<number>): PaperPage[][] {
  const letters: PaperPage[][] = []
  for (const page of pages) {
    const last = letters.at(-1)
    if (last && joined.has(page.position)) last.push(page)
    else letters.push([page])
  }
  return letters
}

/** The pupil and pen pal a reply sheet's code stands for (typed with or without its dash, any case). */
export function findCode(pupils: readonly PaperPupil[], typed: string): { pupilId: string; penPalId: string } | null {
  const wanted = typed.replace(/[^a-z0-9]/gi, '').toUpperCase()
  if (wanted.length < 6) return null
  for (const pupil of pupils)
    for (const pal of pupil.penPals)
      if (pal.code.replace('-', '') === wanted) return { pupilId: pupil.pupilId, penPalId: pal.pupilId }
  return null
}

/** Choosing a pupil: her only pen pal is chosen with her (the common case, one tap fewer). */
export function choosePupil(pupils: readonly PaperPupil[], choice: LetterChoice, pupilId: string): LetterChoice {
  const pals = pupils.find((p) => p.pupilId === pupilId)?.penPals ?? []
  return { ...choice, pupilId, penPalId: pals.length === 1 ? (pals[0]?.pupilId ?? '') : '' }
}
