import { useTranslation } from 'react-i18next'
import { useModerationCount } from './api.js'

/** The live number next to "Moderation" in the navigation. */
export function ModerationCountBadge() {
  const { t } = useTranslation('moderation')
  const count = useModerationCount(true)
  if (!count) return null
  return (
    <span className="nav-count" data-testid="moderation-count" aria-label={t('waiting', { count })}>
      {count}
    </span>
  )
}
