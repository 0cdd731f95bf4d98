import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '../../../../shared/schemas/accounts.js'
import type { AuditPage } from '../../../../shared/schemas/moderation.js'
import type { IssuedReset, StaffInvitation, StaffMember, UpdateStaff } from '../../../../shared/schemas/staff.js'
import { apiDelete, apiGet, apiPatch, apiPost } from '../../api/http.js'
import { useFormat } from '../../i18n/format.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { ShowOlder } from '../../ui/ShowOlder.js'
import { safeguardingRecordKey, usePagedList } from '../moderation/api.js'

const STAFF_KEY = ['staff'] as const

/** A link to hand over: shown whole and selectable, so it can be copied or read out. */
function LinkToShare({ label, url, expiresAt }: { label: string; url: string; expiresAt: string }) {
  const { t } = useTranslation('schools')
  const format = useFormat()
  return (
    <div className="notice" role="status">
      <p>{label}</p>
      <input readOnly className="share-link" aria-label={label} value={url} onFocus={(e) => e.currentTarget.select()} />
      <p className="muted">
        {t('staff.expires', {
          when: format.dateTime(expiresAt, 'dateTime'),
        })}
      </p>
    </div>
  )
}

function StaffRow({
  member,
  me,
  onReset,
}: {
  member: StaffMember
  me: User
  onReset: (name: string, reset: IssuedReset) => void
}) {
  const { t } = useTranslation('schools')
  const queryClient = useQueryClient()
  const done = () => void queryClient.invalidateQueries({ queryKey: STAFF_KEY })
  const update = useMutation({
    mutationFn: (changes: UpdateStaff) => apiPatch<StaffMember>(`/staff/members/${member.id}`, changes),
    onSettled: done,
  })
  const remove = useMutation({
    mutationFn: () => apiDelete<void>(`/staff/members/${member.id}`),
    onSuccess: done,
  })
  const reset = useMutation({
    mutationFn: () => apiPost<IssuedReset>(`/staff/members/${member.id}/reset-link`),
    onSuccess: (issued) => onReset(member.displayName, issued),
  })
  const admin = me.schoolAdmin
  return (
    <tr>
      <td>
        {member.displayName}
        <div className="muted">{member.email}</div>
      </td>
      <td>
        <label>
          <input
            type="checkbox"
            checked={member.schoolAdmin}
            disabled={!admin || update.isPending}
            onChange={(e) => update.mutate({ schoolAdmin: e.target.checked })}
          />{' '}
          {t('staff.admin')}
        </label>
        <br />
        <label>
          <input
            type="checkbox"
            checked={member.safeguardingLead}
            disabled={!admin || update.isPending}
            onChange={(e) => update.mutate({ safeguardingLead: e.target.checked })}
          />{' '}
          {t('staff.lead')}
        </label>
        {update.isError ? <ErrorNotice error={update.error} /> : null}
      </td>
      {admin ? (
        <td className="row">
          <button type="button" className="secondary small" onClick={() => reset.mutate()}>
            {t('staff.resetLink', { name: member.displayName })}
          </button>
          {member.id !== me.id ? (
            <button
              type="button"
              className="danger small"
              onClick={() => window.confirm(t('staff.removeConfirm', { name: member.displayName })) && remove.mutate()}
            >
              {t('staff.remove', { name: member.displayName })}
            </button>
          ) : null}
          {remove.isError ? <ErrorNotice error={remove.error} /> : null}
          {reset.isError ? <ErrorNotice error={reset.error} /> : null}
        </td>
      ) : null}
    </tr>
  )
}

/** The school's teachers: its admin invites colleagues, gives roles, issues reset links and removes colleagues. */
export function StaffSection({ me }: { me: User }) {
  const { t } = useTranslation('schools')
  const staff = useQuery({
    queryKey: STAFF_KEY,
    queryFn: () => apiGet<StaffMember[]>('/staff'),
  })
  const [shared, setShared] = useState<{
    label: string
    url: string
    expiresAt: string
  }>()
  const invite = useMutation({
    mutationFn: () => apiPost<StaffInvitation>('/staff/invitations'),
    onSuccess: (invitation) =>
      setShared({
        label: t('staff.inviteLink'),
        url: `${window.location.origin}/join/${invitation.code}`,
        expiresAt: invitation.expiresAt,
      }),
  })
  const onReset = (name: string, issued: IssuedReset) =>
    setShared({
      label: t('staff.resetLinkFor', { name }),
      url: `${window.location.origin}/reset-password?token=${issued.token}`,
      expiresAt: issued.expiresAt,
    })
  return (
    <div className="card stack">
      <h2>{t('staff.title')}</h2>
      <p className="muted">{t('staff.intro')}</p>
      {staff.isError ? <ErrorNotice error={staff.error} /> : null}
      {staff.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.roles')}</th>
              {me.schoolAdmin ? <th scope="col">{t('staff.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {staff.data.map((member) => (
              <StaffRow key={member.id} member={member} me={me} onReset={onReset} />
            ))}
          </tbody>
        </table>
      ) : null}
      {me.schoolAdmin ? (
        <div>
          <button type="button" onClick={() => invite.mutate()} disabled={invite.isPending}>
            {t('staff.invite')}
          </button>
        </div>
      ) : null}
      {invite.isError ? <ErrorNotice error={invite.error} /> : null}
      {shared ? <LinkToShare {...shared} /> : null}
    </div>
  )
}

/** The school's whole moderation record, for its designated safeguarding lead. */
export function SafeguardingRecord() {
  const { t } = useTranslation(['schools', 'moderation'])
  const format = useFormat()
  const record = usePagedList<AuditPage>(safeguardingRecordKey, '/safeguarding/audit', 100)
  const entries = record.data?.pages.flatMap((page) => page.items)
  return (
    <div className="card stack">
      <h2>{t('safeguarding.title')}</h2>
      <p className="muted">{t('safeguarding.intro')}</p>
      {record.isError ? <ErrorNotice error={record.error} /> : null}
      {entries?.length === 0 ? <p>{t('safeguarding.empty')}</p> : null}
      {entries?.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('safeguarding.when')}</th>
              <th scope="col">{t('safeguarding.who')}</th>
              <th scope="col">{t('safeguarding.action')}</th>
              <th scope="col">{t('safeguarding.words')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{format.dateTime(entry.createdAt, 'dateTimeShort')}</td>
                <td>{entry.actorName}</td>
                <td>
                  {t(`safeguarding.actions.${entry.action}`)}
                  {entry.reason ? <div className="muted">{entry.reason}</div> : null}
                </td>
                <td>{entry.excerpt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {record.hasNextPage ? (
        <ShowOlder
          label={t('moderation:older.record')}
          loading={record.isFetchingNextPage}
          onMore={() => void (record.isFetchingNextPage || record.fetchNextPage())}
        />
      ) : null}
    </div>
  )
}
