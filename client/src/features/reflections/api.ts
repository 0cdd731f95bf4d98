import { useQuery } from '@tanstack/react-query'
import type { Reflection, ReflectionView } from '../../../../shared/schemas/reflections.js'
import { apiGet } from '../../api/http.js'

export const reflectionsKey = ['reflections'] as const
export const reflectionKey = (id: string) => ['reflections', id] as const

export const useReflections = () =>
  useQuery({ queryKey: reflectionsKey, queryFn: () => apiGet<Reflection[]>('/reflections') })
export const useReflection = (id: string) =>
  useQuery({ queryKey: reflectionKey(id), queryFn: () => apiGet<ReflectionView>(`/reflections/${id}`) })
