import { useId, useMemo, type ComponentPropsWithRef } from 'react'
import { timeZoneOptions } from './forms.js'

export function TimeZoneSelect({ label, ...select }: ComponentPropsWithRef<'select'> & { label: string }) {
  const id = useId()
  const zones = useMemo(() => timeZoneOptions(), [])
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </div>
  )
}
