import { randomInt, randomUUID } from 'node:crypto'

export const newId = (): string => randomUUID()

export const nowIso = (): string => new Date().toISOString()

/** A random code from an alphabet, drawn with a cryptographic generator. */
export function randomCode(alphabet: string, length: number): string {
  let code = ''
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)]
  return code
}
