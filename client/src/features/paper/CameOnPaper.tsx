import { useTranslation } from 'react-i18next'
import type { WallItem } from '../../../../shared/schemas/wall.js'

/**
 * Marks a wall letter that came on paper (only those have pages), so a class writing by hand is seen
 * to be writing, not behind.
 */
export function CameOnPaper({ item }: { item: Pick<WallItem, 'pages'> }) {
  const { t } = useTranslation('paper')
  return item.pages ? (
    <span className="badge" data-testid="came-on-paper">
      {t('onWall.label')}
    </span>
  ) : null
}
