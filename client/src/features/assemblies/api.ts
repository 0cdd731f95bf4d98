import { useQuery } from '@tanstack/react-query'
import type { Assembly, Attendance, IceServers } from '../../../../shared/schemas/assemblies.js'
import { apiGet } from '../../api/http.js'
import { linkKey } from '../links/api.js'

export const assembliesKey = (linkId: string) => [...linkKey(linkId), 'assemblies'] as const
export const assemblyKey = (assemblyId: string) => ['assemblies', assemblyId] as const

export const useAssemblies = (linkId: string) =>
  useQuery({ queryKey: assembliesKey(linkId), queryFn: () => apiGet<Assembly[]>(`/links/${linkId}/assemblies`) })
export const useAssembly = (assemblyId: string) =>
  useQuery({ queryKey: assemblyKey(assemblyId), queryFn: () => apiGet<Assembly>(`/assemblies/${assemblyId}`) })
export const useAttendance = (assemblyId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...assemblyKey(assemblyId), 'attendance'],
    queryFn: () => apiGet<Attendance>(`/assemblies/${assemblyId}/attendance`),
    enabled,
  })
export const fetchIce = (assemblyId: string) => apiGet<IceServers>(`/assemblies/${assemblyId}/ice`)
