import { useQuery } from '@tanstack/react-query'
import type {
  PaperContext,
  PaperRotation,
  PaperSummary,
  PaperUpload,
  ReplySheets,
} from '../../../../shared/schemas/paper.js'
import { apiFetch, apiGet, apiPost, newIdempotencyKey, readAnswer } from '../../api/http.js'
import { linkKey } from '../links/api.js'

// Under the link's key, so `link:changed` (a letter filed, a round released) refreshes the counts live.
export const paperSummaryKey = (linkId: string) => [...linkKey(linkId), 'paper', 'summary'] as const

export const usePaperSummary = (linkId: string) =>
  useQuery({
    queryKey: paperSummaryKey(linkId),
    queryFn: () => apiGet<PaperSummary>(`/links/${linkId}/paper/summary`),
  })

export const usePaperContext = (linkId: string) =>
  useQuery({
    queryKey: [...linkKey(linkId), 'paper', 'context'],
    queryFn: () => apiGet<PaperContext>(`/links/${linkId}/paper/context`),
  })

export const useReplySheets = (roundId: string) =>
  useQuery({
    queryKey: ['rounds', roundId, 'paper', 'sheets'],
    queryFn: () => apiGet<ReplySheets>(`/rounds/${roundId}/paper/sheets`),
  })

/** The whole stack in one request, so the server keeps all its pages or (on a bad file) none. */
export async function uploadStack(linkId: string, files: readonly File[]): Promise<PaperUpload> {
  const form = new FormData()
  for (const file of files) form.append('file', file)
  return readAnswer<PaperUpload>(
    await apiFetch(
      `/links/${linkId}/paper/uploads`,
      { method: 'POST', body: form },
      { idempotencyKey: newIdempotencyKey() },
    ),
  )
}

/** Turns a waiting page on the server (the stored picture is turned, not just shown turned). */
export const rotatePage = (
  linkId: string,
  uploadId: string,
  mediaId: string,
  quarterTurns: PaperRotation['quarterTurns'],
) => apiPost<PaperUpload>(`/links/${linkId}/paper/uploads/${uploadId}/pages/${mediaId}/rotate`, { quarterTurns })
