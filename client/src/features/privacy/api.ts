import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  CalendarFeed,
  DataProtectionSettings,
  LeaverContent,
  PrivacyLogEntryView,
  PupilLeft,
} from '../../../../shared/schemas/privacy.js'
import { apiGet, apiPost, apiPut } from '../../api/http.js'
import { classesKey, pupilsKey } from '../schools/api.js'

export const dataProtectionKey = ['school', 'data-protection'] as const
export const privacyLogKey = ['school', 'privacy-log'] as const
export const calendarKey = (classId: string) => ['classes', classId, 'calendar'] as const

export const useDataProtection = () =>
  useQuery({ queryKey: dataProtectionKey, queryFn: () => apiGet<DataProtectionSettings>('/school/data-protection') })
export const usePrivacyLog = () =>
  useQuery({ queryKey: privacyLogKey, queryFn: () => apiGet<PrivacyLogEntryView[]>('/school/privacy-log') })
export const useCalendarFeed = (classId: string) =>
  useQuery({ queryKey: calendarKey(classId), queryFn: () => apiGet<CalendarFeed>(`/classes/${classId}/calendar`) })

export function useSetRetention() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (retentionMonths: number) =>
      apiPut<DataProtectionSettings>('/school/data-protection', { retentionMonths }),
    onSuccess: (settings) => {
      queryClient.setQueryData(dataProtectionKey, settings)
      void queryClient.invalidateQueries({ queryKey: privacyLogKey })
    },
  })
}

export function useRemovePupil(classId: string, pupilId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (content: LeaverContent) =>
      apiPost<PupilLeft>(`/classes/${classId}/pupils/${pupilId}/leave`, { content }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pupilsKey(classId) })
      void queryClient.invalidateQueries({ queryKey: classesKey, exact: true })
      void queryClient.invalidateQueries({ queryKey: privacyLogKey })
    },
  })
}

export function useResetCalendar(classId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => apiPost<CalendarFeed>(`/classes/${classId}/calendar/reset`),
    onSuccess: (feed) => queryClient.setQueryData(calendarKey(classId), feed),
  })
}

/** Where a teacher downloads a pupil's subject access ZIP (a plain link: the browser saves the file). */
export const subjectAccessUrl = (pupilId: string) => `/api/pupils/${pupilId}/subject-access`
