import { useSavedChoice } from './useSavedChoice.js'

/** A checkbox for a setting saved on the server: useSavedChoice for a yes or no. */
export function useSavedToggle(
  saved: boolean,
  save: (value: boolean, onError: () => void) => void,
): { checked: boolean; toggle: (value: boolean) => void } {
  const { value, choose } = useSavedChoice(saved, save)
  return { checked: value, toggle: choose }
}
