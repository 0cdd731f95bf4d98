import { pictureRefOf } from '../media/pictureRef.js'
import type { ModerationAdapter } from '../moderation/moderation.service.js'
import type { BoardsRepository } from './boards.repository.js'
import type { BoardsService } from './boards.service.js'
import type { LinkActivityService } from '../links/linkActivity.service.js'

/** Board posts in the shared moderation service. */
export function boardPostsAdapter(
  boards: BoardsService,
  repository: BoardsRepository,
  activity: LinkActivityService,
): ModerationAdapter {
  return {
    kind: 'board_post',
    load: (viewer, itemId) => boards.moderatedItem(viewer, itemId),
    beforeApprove: (viewer, itemId, input) => boards.beforeApprove(viewer, itemId, input),
    async apply(itemId, change) {
      const before = await repository.findPost(itemId)
      await repository.updatePost(itemId, change)
      if (before && change.status === 'published' && before.status === 'held') {
        if (before.threadId) await repository.touchThread(before.threadId, new Date().toISOString())
        const board = await repository.findBoard(before.boardId)
        if (board?.linkId)
          await activity.record(board.linkId, {
            kind: 'board_post',
            actorId: before.authorId,
            params: { board: board.title },
          })
      }
    },
    async changed(itemId) {
      await boards.emitChange(itemId)
    },
    visibilityFacts: (itemIds) => boards.visibilityFacts(itemIds),
    itemsWithMedia: (mediaId) => repository.postsWithMedia(mediaId),
    async queueRecords(itemIds) {
      const posts = await repository.findPosts(itemIds)
      return new Map(
        posts.map((p) => [
          p.id,
          {
            facts: { authorId: p.authorId, schoolId: p.schoolId, status: p.status },
            detail: { heading: p.title, body: p.body, picture: pictureRefOf(p), roundId: null },
            // A picture is asked about in the queue as on the wall: who is shown, with each pupil's consent.
            pictureClassId: p.mediaId ? p.classId : null,
          },
        ]),
      )
    },
  }
}
