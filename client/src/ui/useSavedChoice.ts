import { useState } from 'react'

/**
 * A control for a setting saved on the server (a checkbox, a select): it shows the choice at once (in
 * the same render as the click or key press, as a form control must) and keeps it until the saved
 * value, fetched again, differs from the one the choice was made against; a refusal puts the saved
 * value back.
 */
export function useSavedChoice<T>(
  saved: T,
  save: (value: T, onError: () => void) => void,
): { value: T; choose: (value: T) => void } {
  const [choice, setChoice] = useState<{ value: T; madeAgainst: T } | null>(null)
  const value = choice && Object.is(choice.madeAgainst, saved) ? choice.value : saved
  const choose = (next: T) => {
    setChoice({ value: next, madeAgainst: saved })
    save(next, () => setChoice(null))
  }
  return { value, choose }
}
