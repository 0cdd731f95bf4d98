import { useQuery } from '@tanstack/react-query'
import type { Link } from '../../../../shared/schemas/links.js'
import { apiGet } from '../../api/http.js'

export const linksKey = ['links'] as const
export const linkKey = (linkId: string) => ['links', linkId] as const

export const useLinks = () => useQuery({ queryKey: linksKey, queryFn: () => apiGet<Link[]>('/links') })
export const useLink = (linkId: string) =>
  useQuery({ queryKey: linkKey(linkId), queryFn: () => apiGet<Link>(`/links/${linkId}`) })
