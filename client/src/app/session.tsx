import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { User } from '../../../shared/schemas/accounts.js'
import type { School } from '../../../shared/schemas/schools.js'
import { ApiRequestError, apiGet, apiPost } from '../api/http.js'

export interface Me {
  user: User
  school: School
}

export const ME_KEY = ['me'] as const

/** Who is signed in (null when nobody is); shared by every page through the query cache. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await apiGet<Me>('/me')
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null
        throw error
      }
    },
    staleTime: 5 * 60 * 1000,
  })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  return useCallback(
    async (everywhere = false) => {
      await apiPost(everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out')
      queryClient.clear()
      queryClient.setQueryData(ME_KEY, null)
    },
    [queryClient],
  )
}
