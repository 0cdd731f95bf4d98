import { useTranslation } from 'react-i18next'
import { Icon } from './Icon.js'
import type { ModerationStatus } from '../../../shared/schemas/moderation.js'

/**
 * A post's or letter's moderation state. A pupil's own held item is not an error: it gets a calm,
 * friendly note instead of the red badge teachers see.
 */
export function StatusBadge({ status, mine, label }: { status: ModerationStatus; mine: boolean; label: string }) {
  const { t } = useTranslation()
  if (status === 'published') return null
  if (status === 'held' && mine) {
    return (
      <span className="badge calm" data-testid="post-status">
        <Icon name="wait" /> {t('common:heldMine')}
      </span>
    )
  }
  return (
    <span className="badge off" data-testid="post-status">
      {label}
    </span>
  )
}
