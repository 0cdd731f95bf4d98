import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { User } from '../../../shared/schemas/accounts.js'
import type { School } from '../../../shared/schemas/schools.js'
import { apiGet, apiPost } from '../api/http.js'
import { forgetOfflineCopies } from './serviceWorker.js'

export interface Me {
  user: User
  school: School
}

export const ME_KEY = ['me'] as const

/** Who is signed in (null when nobody is): the one query every page shares through the query cache. */
export const meQuery = {
  queryKey: ME_KEY,
  // /session answers 200 with nulls when nobody is signed in: a 401 here would be logged as an
  // error by the browser on every signed-out visit.
  queryFn: async (): Promise<Me | null> => {
    const session = await apiGet<Me | { user: null; school: null }>('/session')
    return session.user ? session : null
  },
  staleTime: 5 * 60 * 1000,
  // Asked again when she comes back to the tab: on a page with no live connection (her home) that is how a
  // session ended elsewhere (a teacher signing the class out of a shared computer) shows the sign-in page.
  refetchOnWindowFocus: 'always' as const,
}

export function useMe() {
  return useQuery(meQuery)
}

export function useSignOut() {
  const queryClient = useQueryClient()
  return useCallback(
    async (everywhere = false) => {
      await apiPost(everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out')
      // A shared class computer: the next person must not read this one's boards offline.
      await forgetOfflineCopies()
      queryClient.clear()
      queryClient.setQueryData(ME_KEY, null)
    },
    [queryClient],
  )
}
