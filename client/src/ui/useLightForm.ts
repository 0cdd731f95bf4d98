import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { z } from 'zod'

/**
 * The client's one form hook: react-hook-form's `useForm` API (`register(name, rules)`, `handleSubmit`,
 * `reset`, `formState.errors[name].type`, `formState.isDirty`), written small enough for a pupil's first
 * pages (react-hook-form is 12 KB gzipped: issue 13's 120 KB budget). Fields stay uncontrolled: their
 * values are read from the DOM when checked, so typing re-renders nothing.
 * - `schema`: a shared zod schema; the values go through it and its issue codes become the errors
 *   (`fieldError` translates them). zod is only a type import here: the sign-in forms, which use plain
 *   `rules` instead, load no zod at all.
 * - `defaultValues` (first render) or `values` (kept in step as they change, e.g. once a list loads).
 * Like react-hook-form's default mode: checked on submit, then again as each field changes; the first
 * wrong field gets the focus. The server checks every field with the shared schemas anyway.
 */

/** react-hook-form's rule names, so `fieldError` translates both kinds of error the same way. */
export interface FieldRules {
  required?: boolean
  maxLength?: number
  validate?: (value: string) => boolean
  /** Turns the typed text into the submitted value (e.g. '' → undefined). */
  setValueAs?: (value: string) => unknown
}

export type FieldErrorType = 'required' | 'maxLength' | 'validate'

/** The first rule a typed value breaks, in react-hook-form's order, or undefined when it passes. */
export function brokenRule(value: string, rules: FieldRules): FieldErrorType | undefined {
  if (rules.required && value === '') return 'required'
  if (rules.maxLength !== undefined && value.length > rules.maxLength) return 'maxLength'
  if (rules.validate && !rules.validate(value)) return 'validate'
  return undefined
}

type Element = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
interface Registered {
  elements: Set<Element>
  rules: FieldRules
}
export type FormErrors = Partial<Record<string, { type: string }>>
type Values = Record<string, unknown>

const isToggle = (el: Element): el is HTMLInputElement =>
  el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')

/** A dotted path's value in a nested object (`faces.dayAtPartner`). */
function valueAt(values: Values | undefined, name: string): unknown {
  return name.split('.').reduce<unknown>((at, key) => (at as Values | undefined)?.[key], values)
}

function setAt(values: Values, name: string, value: unknown) {
  const keys = name.split('.')
  const last = keys.pop()!
  let at = values
  for (const key of keys) at = (at[key] ??= {}) as Values
  at[last] = value
}

/**
 * A field's value as react-hook-form reads it: a radio group's checked value (or null), a checkbox group's
 * checked values (a list), a lone checkbox without a value of its own a boolean, anything else its text.
 */
function readField(field: Registered, initial: unknown): unknown {
  const elements = [...field.elements]
  const first = elements[0]
  if (!first) return undefined
  if (first instanceof HTMLInputElement && first.type === 'radio')
    return elements.find((el) => (el as HTMLInputElement).checked)?.value ?? null
  if (first instanceof HTMLInputElement && first.type === 'checkbox') {
    const list = elements.length > 1 || Array.isArray(initial) || first.hasAttribute('value')
    if (!list) return first.checked
    return elements.filter((el) => (el as HTMLInputElement).checked).map((el) => el.value)
  }
  return field.rules.setValueAs ? field.rules.setValueAs(first.value) : first.value
}

function writeField(el: Element, value: unknown) {
  if (value === undefined) return
  if (isToggle(el)) {
    el.checked = Array.isArray(value)
      ? value.includes(el.value)
      : typeof value === 'boolean'
        ? value
        : el.value === value
  } else {
    el.value = value === null ? '' : String(value)
  }
}

/** The default a field showed, to tell whether it changed since (formState.isDirty). */
const shown = (el: Element) => (isToggle(el) ? el.checked : el.value)

/** A field's name: a key of the form's values, or a dotted path into one (`faces.dayAtPartner`). */
type FieldPath<T> = (keyof T & string) | `${keyof T & string}.${string}`

export function useLightForm<S extends z.ZodType = z.ZodType<Values>>(
  options: { schema?: S; defaultValues?: Partial<z.input<S>>; values?: Partial<z.input<S>> } = {},
) {
  type Output = z.output<S>
  const fields = useRef(new Map<string, Registered>())
  // Every element a field has had, with the value it first showed: defaults are written once, not on each render.
  const defaults = useRef(new WeakMap<Element, string | boolean>())
  const initial = useRef((options.values ?? options.defaultValues ?? {}) as Values)
  const [errors, setErrors] = useState<FormErrors>({})
  const [isDirty, setDirty] = useState(false)
  const submitted = useRef(false)
  const schema = useRef(options.schema)
  useEffect(() => {
    schema.current = options.schema
  })

  const read = useCallback((): Values => {
    const values: Values = {}
    for (const [name, field] of fields.current) setAt(values, name, readField(field, valueAt(initial.current, name)))
    return values
  }, [])

  /** The errors the fields' rules or the schema find, by field name; the parsed values when there are none. */
  const check = useCallback((): { found: FormErrors; parsed?: Output } => {
    const found: FormErrors = {}
    for (const [name, field] of fields.current) {
      const el = [...field.elements][0]
      const type = el && !isToggle(el) ? brokenRule(el.value, field.rules) : undefined
      if (type) found[name] = { type }
    }
    const values = read()
    const ruleErrors = Object.keys(found).length > 0
    if (!schema.current) return ruleErrors ? { found } : { found, parsed: values as Output }
    const result = schema.current.safeParse(values)
    if (result.success) return ruleErrors ? { found } : { found, parsed: result.data as Output }
    for (const issue of result.error.issues) {
      const path = issue.path.map(String)
      // Under its full name (`faces.dayAtPartner`) and its group's (`faces`), as react-hook-form nests them.
      for (const name of [path.join('.'), path[0] ?? '']) found[name] ??= { type: issue.code }
    }
    return { found }
  }, [read])

  /** Shows these values in the fields, and takes them as the fields' defaults. */
  const apply = useCallback((values: Values) => {
    for (const [name, field] of fields.current)
      for (const el of field.elements) {
        writeField(el, valueAt(values, name))
        defaults.current.set(el, shown(el))
      }
  }, [])

  // `values`: the form follows them while they change (react-hook-form's `values` option).
  const valuesKey = options.values ? JSON.stringify(options.values) : undefined
  useEffect(() => {
    if (valuesKey === undefined) return
    initial.current = JSON.parse(valuesKey) as Values
    apply(initial.current)
  }, [valuesKey, apply])

  const register = (name: FieldPath<z.input<S>>, rules: FieldRules = {}) => ({
    name,
    ref: (el: Element | null) => {
      if (!el) return
      const field = fields.current.get(name) ?? { elements: new Set<Element>(), rules }
      field.rules = rules
      field.elements.add(el)
      fields.current.set(name, field)
      if (!defaults.current.has(el)) {
        writeField(el, valueAt(initial.current, name))
        defaults.current.set(el, shown(el))
      }
      // React 19 calls this when the element goes (or before the next render's ref): a field no longer shown
      // is no longer submitted.
      return () => {
        field.elements.delete(el)
        if (field.elements.size === 0 && fields.current.get(name) === field) fields.current.delete(name)
      }
    },
    onChange: () => {
      const all = [...fields.current.values()].flatMap((field) => [...field.elements])
      setDirty(all.some((el) => shown(el) !== defaults.current.get(el)))
      if (submitted.current) setErrors(check().found)
    },
  })

  const handleSubmit = (onValid: (values: Output) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    submitted.current = true
    const { found, parsed } = check()
    setErrors(found)
    if (parsed === undefined) {
      const wrong = [...fields.current].find(([name]) => found[name])
      ;[...(wrong?.[1].elements ?? [])][0]?.focus()
      return
    }
    onValid(parsed)
  }

  /** Back to the default values, with no errors showing (react-hook-form's `reset()`). */
  const reset = () => {
    for (const field of fields.current.values())
      for (const el of field.elements) {
        const value = defaults.current.get(el)
        if (isToggle(el)) el.checked = value === true
        else el.value = typeof value === 'string' ? value : ''
      }
    submitted.current = false
    setErrors({})
    setDirty(false)
  }

  return { register, handleSubmit, reset, formState: { errors, isDirty } }
}
