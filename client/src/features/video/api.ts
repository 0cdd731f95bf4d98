import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Video, VideoSettings } from '../../../../shared/schemas/video.js'
import { apiFetch, apiGet, newIdempotencyKey, readAnswer } from '../../api/http.js'
import { useSocketEvent } from '../../app/socket.js'

export const videoKey = (videoId: string) => ['videos', videoId] as const
export const videoSettingsKey = (linkId: string) => ['links', linkId, 'video-settings'] as const

/** A video's state; live progress arrives as `video:progress` (the uploader and her school's teachers). */
export function useVideo(videoId: string) {
  const queryClient = useQueryClient()
  useSocketEvent('video:progress', (event) => {
    if (event.videoId !== videoId) return
    if (event.status === 'processing')
      queryClient.setQueryData<Video>(videoKey(videoId), (old) => (old ? { ...old, ...event } : old))
    else void queryClient.invalidateQueries({ queryKey: videoKey(videoId) })
  })
  return useQuery({
    queryKey: videoKey(videoId),
    queryFn: () => apiGet<Video>(`/videos/${videoId}`),
    // Without a socket (a pupil's own video on another device) the state is asked for now and then.
    refetchInterval: (query) =>
      query.state.data?.status === 'ready' || query.state.data?.status === 'failed' ? false : 5000,
  })
}

export const useVideoSettings = (linkId: string) =>
  useQuery({
    queryKey: videoSettingsKey(linkId),
    queryFn: () => apiGet<VideoSettings>(`/links/${linkId}/video-settings`),
  })

/** One key per recording: a retry after a lost answer never stores the video twice. */
export async function uploadVideo(linkId: string, file: Blob, name: string): Promise<Video> {
  const form = new FormData()
  form.append('file', file, name)
  return readAnswer<Video>(
    await apiFetch(`/links/${linkId}/videos`, { method: 'POST', body: form }, { idempotencyKey: newIdempotencyKey() }),
  )
}
