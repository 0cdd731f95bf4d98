import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ClassSignInLock, Pupil, SchoolClass } from '../../../../shared/schemas/schools.js'
import { apiGet, apiPatch } from '../../api/http.js'
import { ME_KEY } from '../../app/session.js'

export const classesKey = ['classes'] as const
export const classKey = (classId: string) => ['classes', classId] as const
export const pupilsKey = (classId: string) => ['classes', classId, 'pupils'] as const

export const useClasses = () => useQuery({ queryKey: classesKey, queryFn: () => apiGet<SchoolClass[]>('/classes') })
export const useClass = (classId: string) =>
  useQuery({ queryKey: classKey(classId), queryFn: () => apiGet<SchoolClass>(`/classes/${classId}`) })
export const usePupils = (classId: string) =>
  useQuery({ queryKey: pupilsKey(classId), queryFn: () => apiGet<Pupil[]>(`/classes/${classId}/pupils`) })
export const signInLockKey = (classId: string) => ['classes', classId, 'sign-in-lock'] as const
// Checked every minute while the class page is open: a block starts when someone elsewhere guesses.
export const useSignInLock = (classId: string) =>
  useQuery({
    queryKey: signInLockKey(classId),
    queryFn: () => apiGet<ClassSignInLock>(`/classes/${classId}/sign-in-lock`),
    refetchInterval: 60_000,
  })

/** Turns the class's data saver on or off; /me carries the setting to this screen too, so it is read again. */
export function useSetDataSaver(classId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (dataSaver: boolean) => apiPatch<SchoolClass>(`/classes/${classId}`, { dataSaver }),
    onSuccess: (updated) => {
      queryClient.setQueryData(classKey(classId), updated)
      void queryClient.invalidateQueries({ queryKey: classesKey, exact: true })
      void queryClient.invalidateQueries({ queryKey: ME_KEY })
    },
  })
}
