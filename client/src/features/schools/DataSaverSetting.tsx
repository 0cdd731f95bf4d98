import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SchoolClass } from '../../../../shared/schemas/schools.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { useSetDataSaver } from './api.js'

/** The class's data saver: for a slow school line, pictures wait for a tap and assemblies start audio-only. */
export function DataSaverSetting({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation('schools')
  const save = useSetDataSaver(schoolClass.id)
  // The box shows the choice at once (in the same render as the click) and keeps it until the class,
  // fetched again, says the same; a refusal puts it back.
  const [choice, setChoice] = useState<{ value: boolean; madeAgainst: boolean } | null>(null)
  const checked = choice && choice.madeAgainst === schoolClass.dataSaver ? choice.value : schoolClass.dataSaver
  return (
    <section className="card stack no-print" aria-labelledby="data-saver-title">
      <h2 id="data-saver-title">{t('dataSaver.title')}</h2>
      <label className="row">
        <input type="checkbox" checked={checked} disabled={save.isPending} onChange={(e) => {
            const value = e.target.checked
            setChoice({ value, madeAgainst: schoolClass.dataSaver })
            save.mutate(value, { onError: () => setChoice(null) })
          }} aria-describedby="data-saver-hint" />
        {t('dataSaver.label')}
      </label>
      <p className="muted" id="data-saver-hint">{t('dataSaver.hint')}</p>
      <p role="status" className="muted">{t(schoolClass.dataSaver ? 'dataSaver.on' : 'dataSaver.off')}</p>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </section>
  )
}
