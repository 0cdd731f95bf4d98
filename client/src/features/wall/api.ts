import { useQuery } from '@tanstack/react-query'
import type { PenPalView, Round, RoundReport, WallItem } from '../../../../shared/schemas/wall.js'
import { apiGet } from '../../api/http.js'
import { linkKey } from '../links/api.js'

// Under the link's key, so the link room's `link:changed` refreshes the wall live.
export const wallKey = (linkId: string) => [...linkKey(linkId), 'wall'] as const
export const penPalsKey = (linkId: string) => [...linkKey(linkId), 'penpals'] as const

export const useWall = (linkId: string) =>
  useQuery({ queryKey: wallKey(linkId), queryFn: () => apiGet<{ items: WallItem[]; rounds: Round[] }>(`/links/${linkId}/wall`) })
export const usePenPals = (linkId: string) => useQuery({ queryKey: penPalsKey(linkId), queryFn: () => apiGet<PenPalView>(`/links/${linkId}/penpals`) })
export const useRoundReport = (roundId: string) =>
  useQuery({ queryKey: ['rounds', roundId, 'report'], queryFn: () => apiGet<RoundReport>(`/rounds/${roundId}/report`) })
export const useConsent = (classId: string) =>
  useQuery({ queryKey: ['classes', classId, 'consent'], queryFn: () => apiGet<{ pupilId: string; name: string; consent: boolean }[]>(`/classes/${classId}/consent`), enabled: Boolean(classId) })
