import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import {
  MAX_PAPER_FILE_BYTES,
  MAX_PAPER_FILES,
  type PaperFiled,
  type PaperLetters,
  type PaperShownCandidate,
  type PaperUpload,
} from '../../../../shared/schemas/paper.js'
import { apiPost, newIdempotencyKey } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { linkKey } from '../links/api.js'
import { LetterFields } from './LetterFields.js'
import { rotatePage, usePaperContext, uploadStack } from './api.js'
import { emptyChoice, findCode, groupPages, type LetterChoice } from './letters.js'
import './paper.css'

/**
 * Letters written on paper, brought in at once: the teacher photographs the stack (or scans it to one
 * PDF), the server splits and cleans the pages, and she says whose letter each is and to whom.
 */
export function PaperLettersPage() {
  const { t } = useTranslation('paper')
  const { linkId = '' } = useParams()
  const context = usePaperContext(linkId)
  const [upload, setUpload] = useState<PaperUpload | null>(null)
  const [filed, setFiled] = useState<PaperFiled | null>(null)
  if (context.isPending) return <Loading />
  if (context.isError) return <ErrorNotice error={context.error} />
  const { round, pupils, shownCandidates } = context.data
  return (
    <section className="stack">
      <PageHeader
        title={t('page.title')}
        intro={round ? t('page.intoRound', { theme: round.theme }) : t('page.noRound')}
        actions={
          <RouterLink className="button secondary" to={`/links/${linkId}/wall`}>
            {t('page.toWall')}
          </RouterLink>
        }
      />
      {filed ? (
        <Filed filed={filed} onAgain={() => (setFiled(null), setUpload(null))} />
      ) : upload ? (
        <AssignForm
          linkId={linkId}
          upload={upload}
          pupils={pupils}
          shownCandidates={shownCandidates}
          onTurned={setUpload}
          onFiled={setFiled}
        />
      ) : (
        <StackInput linkId={linkId} onUploaded={setUpload} />
      )}
    </section>
  )
}

function StackInput({ linkId, onUploaded }: { linkId: string; onUploaded(upload: PaperUpload): void }) {
  const { t } = useTranslation('paper')
  const id = useId()
  const [local, setLocal] = useState<string | null>(null)
  const send = useMutation({ mutationFn: (files: File[]) => uploadStack(linkId, files), onSuccess: onUploaded })
  const choose = (files: File[]) => {
    setLocal(null)
    // Said at once, before minutes of uploading on a slow line; the server checks again.
    if (files.length > MAX_PAPER_FILES) return setLocal(t('upload.tooMany', { max: MAX_PAPER_FILES }))
    if (files.some((f) => f.size > MAX_PAPER_FILE_BYTES))
      return setLocal(t('upload.tooLarge', { size: MAX_PAPER_FILE_BYTES / 1024 / 1024 }))
    if (files.length) send.mutate(files)
  }
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('upload.title')}</h2>
      <p>{t('upload.intro')}</p>
      <label htmlFor={id}>{t('upload.label')}</label>
      <input
        id={id}
        type="file"
        multiple
        accept="image/*,application/pdf"
        disabled={send.isPending}
        onChange={(e) => choose([...(e.target.files ?? [])])}
      />
      {send.isPending ? <p role="status">{t('upload.working')}</p> : null}
      {local ? (
        <p className="notice error" role="alert">
          {local}
        </p>
      ) : null}
      {send.isError ? <ErrorNotice error={send.error} /> : null}
    </section>
  )
}

function AssignForm({
  linkId,
  upload,
  pupils,
  shownCandidates,
  onTurned,
  onFiled,
}: {
  linkId: string
  upload: PaperUpload
  pupils: Parameters<typeof LetterFields>[0]['pupils']
  shownCandidates: PaperShownCandidate[]
  onTurned(upload: PaperUpload): void
  onFiled(filed: PaperFiled): void
}) {
  const { t } = useTranslation('paper')
  const queryClient = useQueryClient()
  // Both by place in the stack: a turned page is a new picture in the same place.
  const [joined, setJoined] = useState<ReadonlySet<number>>(new Set())
  const [choices, setChoices] = useState<Record<number, LetterChoice>>({})
  const [approve, setApprove] = useState(false)
  const [key] = useState(newIdempotencyKey)
  const letters = groupPages(upload.pages, joined)
  // A letter whose first page is a reply sheet starts as the pupil and pen pal its QR code names.
  const fromSheet = (first: number): LetterChoice => {
    const code = upload.pages.find((p) => p.position === first)?.sheetCode
    const found = code ? findCode(pupils, code) : null
    return found ? { ...emptyChoice, ...found } : emptyChoice
  }
  const choiceOf = (first: number) => choices[first] ?? fromSheet(first)
  const turn = useMutation({
    mutationFn: ({ mediaId, quarterTurns }: { mediaId: string; quarterTurns: 1 | 3 }) =>
      rotatePage(linkId, upload.uploadId, mediaId, quarterTurns),
    onSuccess: onTurned,
  })
  const file = useMutation({
    mutationFn: (body: PaperLetters) =>
      apiPost<PaperFiled>(`/links/${linkId}/paper/letters`, body, { idempotencyKey: key }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: linkKey(linkId) })
      onFiled(result)
    },
  })
  const toggle = (position: number) =>
    setJoined((was) => {
      const next = new Set(was)
      if (!next.delete(position)) next.add(position)
      return next
    })
  const submit = () =>
    file.mutate({
      uploadId: upload.uploadId,
      approve,
      letters: letters.map((pages) => {
        const choice = choiceOf(pages[0]?.position ?? -1)
        return {
          pageIds: pages.map((p) => p.mediaId),
          pupilId: choice.pupilId,
          penPalId: choice.penPalId || null,
          text: choice.text,
          shownPupilIds: choice.shownPupilIds,
        }
      }),
    })
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <p role="status">{t('assign.summary', { pages: upload.pages.length, letters: letters.length })}</p>
      {letters.map((pages, index) => {
        const first = pages[0]?.position ?? -1
        return (
          <LetterFields
            key={first}
            index={index}
            pages={pages}
            pupils={pupils}
            shownCandidates={shownCandidates}
            choice={choiceOf(first)}
            onChange={(choice) => setChoices((all) => ({ ...all, [first]: choice }))}
            onToggleJoin={toggle}
            onTurn={(mediaId, quarterTurns) => turn.mutate({ mediaId, quarterTurns })}
            turning={turn.isPending}
            joined={joined}
          />
        )
      })}
      {turn.isError ? <ErrorNotice error={turn.error} /> : null}
      <label className="row">
        <input type="checkbox" checked={approve} onChange={(e) => setApprove(e.target.checked)} />
        {t('assign.approve')}
      </label>
      {file.isError ? <ErrorNotice error={file.error} /> : null}
      <div className="row">
        <button type="submit" disabled={file.isPending}>
          {t('assign.submit', { letters: letters.length })}
        </button>
      </div>
    </form>
  )
}

function Filed({ filed, onAgain }: { filed: PaperFiled; onAgain(): void }) {
  const { t } = useTranslation('paper')
  const published = filed.letters.filter((l) => l.status === 'published').length
  return (
    <section className="card stack" aria-live="polite">
      <h2>{t('filed.title', { letters: filed.letters.length })}</h2>
      <p>
        {published === filed.letters.length
          ? t('filed.approved')
          : t('filed.waiting', { waiting: filed.letters.length - published })}
      </p>
      {filed.refused.length ? (
        <p className="notice error">{t('filed.someRefused', { refused: filed.refused.length })}</p>
      ) : null}
      <div className="row">
        <button type="button" onClick={onAgain}>
          {t('filed.again')}
        </button>
      </div>
    </section>
  )
}
