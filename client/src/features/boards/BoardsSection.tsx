import { useTranslation } from 'react-i18next'
import type { Link } from '../../../../shared/schemas/links.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { linkBoardsKey, useLinkBoards } from './api.js'
import { BoardList } from './BoardList.js'
import './boards.css'

/** The link home's discussion boards (and, for teachers, the link's staffroom). */
export function BoardsSection({ link }: { link: Link }) {
  const { t } = useTranslation('boards')
  const boards = useLinkBoards(link.id)
  const teacher = useMe().data?.user.role === 'teacher'
  return (
    <section className="card stack" aria-labelledby="boards-heading">
      <h2 id="boards-heading">{t('boards.title')}</h2>
      {boards.isError ? <ErrorNotice error={boards.error} /> : null}
      {boards.data ? (
        <BoardList
          boards={boards.data}
          createPath={`/links/${link.id}/boards`}
          invalidate={linkBoardsKey(link.id)}
          kinds={['discussion', 'staffroom']}
          canCreate={teacher && link.status === 'active'}
        />
      ) : null}
    </section>
  )
}
