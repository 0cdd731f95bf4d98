import { useCallback, useRef, useState, type FormEvent } from 'react'

/**
 * The sign-in forms' form hook: react-hook-form's `useForm` API (`register(name, rules)`, `handleSubmit`,
 * `formState.errors[name].type`), cut down to what the two forms a pupil meets first need. Everywhere
 * else forms use react-hook-form with the shared zod schemas; this page loads before either library
 * (react-hook-form is 12 KB gzipped, zod 27: issue 13's 120 KB for a pupil's first pages), and writing
 * it the same way keeps one form pattern — swapping `useForm` for `useLightForm` is the whole change.
 * Like react-hook-form's default mode: checked on submit, then again as each field changes; the first
 * wrong field gets the focus. The server checks every field with the shared schemas anyway.
 */

/** react-hook-form's rule names, so `fieldError` translates both libraries' errors the same way. */
export interface FieldRules {
  required?: boolean
  maxLength?: number
  validate?: (value: string) => boolean
}

export type FieldErrorType = 'required' | 'maxLength' | 'validate'

/** The first rule a typed value breaks, in react-hook-form's order, or undefined when it passes. */
export function brokenRule(value: string, rules: FieldRules): FieldErrorType | undefined {
  if (rules.required && value === '') return 'required'
  if (rules.maxLength !== undefined && value.length > rules.maxLength) return 'maxLength'
  if (rules.validate && !rules.validate(value)) return 'validate'
  return undefined
}

type Errors<T> = Partial<Record<keyof T & string, { type: FieldErrorType }>>

export function useLightForm<T extends Record<string, unknown>>() {
  const fields = useRef(new Map<keyof T & string, { input: HTMLInputElement | null; rules: FieldRules }>())
  const [errors, setErrors] = useState<Errors<T>>({})
  const submitted = useRef(false)

  const check = useCallback((): Errors<T> => {
    const found: Errors<T> = {}
    for (const [name, { input, rules }] of fields.current) {
      const type = brokenRule(input?.value ?? '', rules)
      if (type) found[name] = { type }
    }
    return found
  }, [])

  const register = (name: keyof T & string, rules: FieldRules = {}) => ({
    name,
    ref: (input: HTMLInputElement | null) => {
      fields.current.set(name, { input, rules })
    },
    onChange: () => {
      if (submitted.current) setErrors(check())
    },
  })

  const handleSubmit = (onValid: (values: T) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    submitted.current = true
    const found = check()
    setErrors(found)
    const wrong = [...fields.current].find(([name]) => found[name])
    if (wrong) {
      wrong[1].input?.focus()
      return
    }
    const values = Object.fromEntries([...fields.current].map(([name, { input }]) => [name, input?.value ?? '']))
    onValid(values as T)
  }

  return { register, handleSubmit, formState: { errors } }
}
