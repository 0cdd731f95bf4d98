import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { forumKey, useForumBoards } from './api.js'
import { BoardList } from './BoardList.js'

/** The staffroom every teacher on Bridges shares, for good practice across links. */
export function ForumPage() {
  const { t } = useTranslation('boards')
  const boards = useForumBoards()
  return (
    <section className="stack">
      <PageHeader title={t('forum.title')} intro={t('forum.intro')} />
      {boards.isPending ? <Loading /> : null}
      {boards.isError ? <ErrorNotice error={boards.error} /> : null}
      {boards.data ? (
        <div className="card">
          <BoardList
            boards={boards.data}
            createPath="/forum/boards"
            invalidate={forumKey}
            kinds={['discussion']}
            canCreate
          />
        </div>
      ) : null}
    </section>
  )
}
