import { useTranslation } from 'react-i18next'
import type { SchoolClass } from '../../../../shared/schemas/schools.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { useSavedToggle } from '../../ui/useSavedToggle.js'
import { useSetDataSaver } from './api.js'

/** The class's data saver: for a slow school line, pictures wait for a tap and assemblies start audio-only. */
export function DataSaverSetting({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation('schools')
  const save = useSetDataSaver(schoolClass.id)
  const { checked, toggle } = useSavedToggle(schoolClass.dataSaver, (value, onError) => save.mutate(value, { onError }))
  return (
    <section className="card stack no-print" aria-labelledby="data-saver-title">
      <h2 id="data-saver-title">{t('dataSaver.title')}</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={checked}
          disabled={save.isPending}
          onChange={(e) => toggle(e.target.checked)}
          aria-describedby="data-saver-hint"
        />
        {t('dataSaver.label')}
      </label>
      <p className="muted" id="data-saver-hint">
        {t('dataSaver.hint')}
      </p>
      <p role="status" className="muted">
        {t(schoolClass.dataSaver ? 'dataSaver.on' : 'dataSaver.off')}
      </p>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </section>
  )
}
