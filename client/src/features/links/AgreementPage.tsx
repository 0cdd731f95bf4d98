import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import {
  changedParts,
  isEmptyAgreement,
  type Agreement,
  type AgreementContent,
} from '../../../../shared/schemas/agreements.js'
import type { Link } from '../../../../shared/schemas/links.js'
import { apiPost, apiPut } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { linkKey, useAgreement, useLink } from './api.js'
import { PlanEditor } from './PlanEditor.js'
import { useLinkRoom } from './useLinkRoom.js'
import './links.css'
import { useFormat } from '../../i18n/format.js'

export function AgreementPage() {
  const { t } = useTranslation('links')
  const { linkId = '' } = useParams()
  const link = useLink(linkId)
  const agreement = useAgreement(linkId)
  useLinkRoom(linkId)
  // Lives above the editor, which remounts with each saved version.
  const [saved, setSaved] = useState(false)
  if (link.isPending || agreement.isPending) return <Loading />
  if (link.isError) return <ErrorNotice error={link.error} />
  if (agreement.isError) return <ErrorNotice error={agreement.error} />
  return (
    <section className="stack">
      <PageHeader
        title={t('agreement.title')}
        intro={t('agreement.intro')}
        actions={
          <RouterLink className="button secondary" to={`/links/${linkId}`}>
            {t('agreement.backHome')}
          </RouterLink>
        }
      />
      <Signatures link={link.data} agreement={agreement.data} />
      {/* A new version from a partner remounts the editor with its text. */}
      <AgreementEditor
        key={`${agreement.data.current.version}-${agreement.data.current.editedAt}`}
        link={link.data}
        agreement={agreement.data}
        onSaved={() => setSaved(true)}
        onEdit={() => setSaved(false)}
      />
      {saved ? (
        <p className="notice" role="status">
          {t('agreement.saved')}
        </p>
      ) : null}
      <History link={link.data} agreement={agreement.data} />
    </section>
  )
}

function Signatures({ link, agreement }: { link: Link; agreement: Agreement }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const me = useMe()
  const queryClient = useQueryClient()
  const sign = useMutation({
    mutationFn: (classId: string) =>
      apiPost<Agreement>(`/links/${link.id}/agreement/signatures`, { version: agreement.current.version, classId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linkKey(link.id) }),
  })
  const isTeacher = me.data?.user.role === 'teacher'
  const current = agreement.current
  const empty = isEmptyAgreement(current.content)
  return (
    <section className="card stack" aria-labelledby="signatures-heading">
      <h2 id="signatures-heading">{t('agreement.signaturesTitle', { version: current.version })}</h2>
      <p
        className={agreement.awaitingClassIds.length ? 'notice warn' : 'notice ok'}
        role="status"
        data-testid="signature-status"
      >
        {agreement.awaitingClassIds.length
          ? t('agreement.awaiting', { count: agreement.awaitingClassIds.length })
          : t('agreement.allSigned')}
      </p>
      <ul className="plain-list stack">
        {link.classes.map((c) => {
          const signature = current.signatures.find((s) => s.classId === c.classId)
          const mine = isTeacher && c.schoolId === me.data?.user.schoolId
          return (
            <li key={c.classId} className="row">
              <span className="swatch" style={{ background: `var(--class-${c.colorIndex})` }} aria-hidden="true" />
              <strong>
                {c.schoolName} ({c.className})
              </strong>
              {signature ? (
                <span>
                  {t('agreement.signedBy', {
                    name: signature.signedByName,
                    date: format.dateTime(signature.signedAt, 'date'),
                  })}
                </span>
              ) : mine && link.status !== 'ended' ? (
                <button
                  type="button"
                  onClick={() => sign.mutate(c.classId)}
                  disabled={sign.isPending || empty}
                  aria-describedby={empty ? 'agreement-empty' : undefined}
                >
                  {t('agreement.signFor', { className: c.className })}
                </button>
              ) : (
                <span className="muted">{t('agreement.notSigned')}</span>
              )}
            </li>
          )
        })}
      </ul>
      {empty && isTeacher ? (
        <p className="muted" id="agreement-empty">
          {t('agreement.emptyCannotSign')}
        </p>
      ) : null}
      {sign.isError ? <ErrorNotice error={sign.error} /> : null}
    </section>
  )
}

function AgreementEditor({
  link,
  agreement,
  onSaved,
  onEdit,
}: {
  link: Link
  agreement: Agreement
  onSaved(): void
  onEdit(): void
}) {
  const { t } = useTranslation('links')
  const me = useMe()
  const queryClient = useQueryClient()
  const [content, setContent] = useState<AgreementContent>(agreement.current.content)
  const [outcomes, setOutcomes] = useState(agreement.current.content.evaluation.outcomes.join('\n'))
  // My school's classes that have not signed this version: "Save and sign" does both in one press.
  const unsigned = link.classes.filter(
    (c) => c.schoolId === me.data?.user.schoolId && !agreement.current.signatures.some((s) => s.classId === c.classId),
  )
  const save = useMutation({
    mutationFn: async ({ next, andSign }: { next: AgreementContent; andSign: boolean }) => {
      const saved = await apiPut<Agreement>(`/links/${link.id}/agreement`, {
        baseVersion: agreement.current.version,
        content: next,
      })
      if (!andSign) return saved
      let signed = saved
      for (const c of unsigned)
        signed = await apiPost<Agreement>(`/links/${link.id}/agreement/signatures`, {
          version: saved.current.version,
          classId: c.classId,
        })
      return signed
    },
    onSuccess: () => {
      onSaved()
      void queryClient.invalidateQueries({ queryKey: linkKey(link.id) })
    },
  })
  const readOnly = me.data?.user.role !== 'teacher' || link.status === 'ended'
  const set = <K extends keyof AgreementContent>(key: K, value: AgreementContent[K]) => {
    onEdit()
    setContent({ ...content, [key]: value })
  }
  const schools = [...new Map(link.classes.map((c) => [c.schoolId, c.schoolName])).entries()]
  const roleOf = (schoolId: string) => content.roles.find((r) => r.schoolId === schoolId)?.responsibilities ?? ''
  const setRole = (schoolId: string, responsibilities: string) =>
    set('roles', [...content.roles.filter((r) => r.schoolId !== schoolId), { schoolId, responsibilities }])
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const andSign = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'sign'
    save.mutate({
      next: {
        ...content,
        evaluation: {
          ...content.evaluation,
          outcomes: outcomes
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      },
      andSign,
    })
  }
  return (
    <form className="card stack agreement" onSubmit={submit} aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">{t('agreement.document', { version: agreement.current.version })}</h2>
      {agreement.current.signatures.length > 0 && !readOnly ? (
        <p className="muted">{t('agreement.editMakesVersion')}</p>
      ) : null}
      <fieldset disabled={readOnly} className="stack">
        <TextAreaField
          label={t('agreement.aims')}
          hint={t('agreement.aimsHint')}
          value={content.aims}
          onChange={(e) => set('aims', e.target.value)}
          rows={3}
        />
        <TextAreaField
          label={t('agreement.principles')}
          hint={t('agreement.principlesHint')}
          value={content.principles}
          onChange={(e) => set('principles', e.target.value)}
          rows={3}
        />
        <TextAreaField
          label={t('agreement.communication')}
          hint={t('agreement.communicationHint')}
          value={content.communication.how}
          onChange={(e) => set('communication', { ...content.communication, how: e.target.value })}
          rows={3}
        />
        <Field
          label={t('agreement.contactEveryDays')}
          type="number"
          min={1}
          max={90}
          value={content.communication.contactEveryDays}
          onChange={(e) => set('communication', { ...content.communication, contactEveryDays: Number(e.target.value) })}
        />
        <PlanEditor
          linkId={link.id}
          plan={content.plan}
          doneItemIds={agreement.doneItemIds}
          savedItemIds={agreement.current.content.plan.map((i) => i.id)}
          readOnly={readOnly}
          onChange={(plan) => set('plan', plan)}
        />
        <TextAreaField
          label={t('agreement.resources')}
          value={content.resources}
          onChange={(e) => set('resources', e.target.value)}
          rows={2}
        />
        {schools.map(([schoolId, name]) => (
          <TextAreaField
            key={schoolId}
            label={t('agreement.roleOf', { school: name })}
            value={roleOf(schoolId)}
            onChange={(e) => setRole(schoolId, e.target.value)}
            rows={2}
          />
        ))}
        <TextAreaField
          label={t('agreement.outcomes')}
          hint={t('agreement.outcomesHint')}
          value={outcomes}
          onChange={(e) => setOutcomes(e.target.value)}
          rows={3}
        />
        <TextAreaField
          label={t('agreement.review')}
          hint={t('agreement.reviewHint')}
          value={content.evaluation.review}
          onChange={(e) => set('evaluation', { ...content.evaluation, review: e.target.value })}
          rows={2}
        />
        <TextAreaField
          label={t('agreement.exit')}
          hint={t('agreement.exitHint')}
          value={content.exitStrategy}
          onChange={(e) => set('exitStrategy', e.target.value)}
          rows={2}
        />
      </fieldset>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {readOnly ? null : (
        <div className="row">
          <button type="submit" className={unsigned.length ? 'secondary' : undefined} disabled={save.isPending}>
            {t('agreement.save')}
          </button>
          {unsigned.length ? (
            <button type="submit" value="sign" disabled={save.isPending || isEmptyAgreement(content)}>
              {t('agreement.saveAndSign', { classes: unsigned.map((c) => c.className).join(', ') })}
            </button>
          ) : null}
        </div>
      )}
    </form>
  )
}

function History({ link, agreement }: { link: Link; agreement: Agreement }) {
  const { t } = useTranslation('links')
  const format = useFormat()
  const nameOf = (classId: string) => link.classes.find((c) => c.classId === classId)?.schoolName ?? '—'
  return (
    <section className="card stack" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('agreement.history')}</h2>
      <ol className="plain-list stack" data-testid="history">
        {agreement.history.map((v, i) => (
          <li key={v.version}>
            <strong>
              {t('agreement.versionLine', {
                version: v.version,
                name: v.editedByName,
                date: format.dateTime(v.editedAt, 'dateTime'),
              })}
            </strong>
            <div className="muted">
              {v.signatures.length === 0
                ? t('agreement.noSignatures')
                : t('agreement.signedByList', {
                    list: v.signatures.map((s) => `${nameOf(s.classId)} (${s.signedByName})`).join(', '),
                  })}
            </div>
            <Changes before={agreement.history[i + 1]?.content} after={v.content} />
          </li>
        ))}
      </ol>
    </section>
  )
}

/** What changed from the version before (nothing to compare for the first one). */
function Changes({ before, after }: { before: AgreementContent | undefined; after: AgreementContent }) {
  const { t } = useTranslation('links')
  if (!before) return null
  const parts = changedParts(before, after)
  return (
    <div data-testid="changes">
      {parts.length
        ? t('agreement.changed', { parts: parts.map((p) => t(`agreement.part.${p}`)).join(', ') })
        : t('agreement.unchanged')}
    </div>
  )
}
