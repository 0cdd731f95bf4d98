import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { apiDelete } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { signInLockKey, useSignInLock } from './api.js'

/** Tells the teacher when pupils' sign-ins to her class are being slowed or blocked, and lets her lift it. */
export function SignInLockNotice({ classId }: { classId: string }) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const lock = useSignInLock(classId)
  const lift = useMutation({
    mutationFn: () => apiDelete<void>(`/classes/${classId}/sign-in-lock`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: signInLockKey(classId) }),
  })
  if (lift.isSuccess && lock.data?.state === 'open') {
    return (
      <p className="notice no-print" role="status">
        {t('signInLock.lifted')}
      </p>
    )
  }
  if (!lock.data || lock.data.state === 'open') return null
  const { state, failedAttempts, retryAfterSeconds } = lock.data
  const minutes = Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60))
  return (
    <div className="notice error stack no-print" role="alert" data-testid="sign-in-lock">
      <strong>{t(state === 'blocked' ? 'signInLock.blockedTitle' : 'signInLock.slowedTitle')}</strong>
      <p>{t(state === 'blocked' ? 'signInLock.blocked' : 'signInLock.slowed', { count: minutes })}</p>
      <p>{t('signInLock.failures', { count: failedAttempts })}</p>
      {lift.isError ? <ErrorNotice error={lift.error} /> : null}
      <div>
        <button type="button" onClick={() => lift.mutate()} disabled={lift.isPending}>
          {t('signInLock.lift')}
        </button>
      </div>
    </div>
  )
}
