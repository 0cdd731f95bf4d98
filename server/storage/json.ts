/** Lists are stored as JSON text so one schema serves SQLite and PostgreSQL. */
export const toJsonText = (value: unknown): string => JSON.stringify(value)

export function fromJsonList(text: string): string[] {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.map(String) : []
}

export const toFlag = (value: boolean): number => (value ? 1 : 0)
export const fromFlag = (value: number | boolean): boolean => Boolean(value)
