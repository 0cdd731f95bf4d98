import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useLightForm } from '../../ui/useLightForm.js'
import { useTranslation } from 'react-i18next'
import {
  portfolioNotesSchema,
  portfolioQuerySchema,
  type Criterion,
  type Portfolio,
  type PortfolioNotes,
  type PortfolioQuery,
} from '../../../../shared/schemas/portfolio.js'
import { apiGet, apiPut } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field, TextAreaField } from '../../ui/Field.js'
import { fieldError } from '../../ui/forms.js'
import { Loading, PageHeader } from '../../ui/Page.js'

const portfolioKey = ['portfolio'] as const
const search = (q: PortfolioQuery) =>
  new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1]))).toString()

/** The school's portfolio: level and what is missing, criterion by criterion, downloads and the school's own notes. */
export function PortfolioPage() {
  const { t } = useTranslation('portfolio')
  const [range, setRange] = useState<PortfolioQuery>({})
  const portfolio = useQuery({
    queryKey: [...portfolioKey, range],
    queryFn: () => apiGet<Portfolio>(`/portfolio?${search(range)}`),
  })
  return (
    <section className="stack">
      <PageHeader title={t('title')} intro={t('intro')} />
      <RangeForm onShow={setRange} />
      {portfolio.isPending ? <Loading /> : null}
      {portfolio.isError ? <ErrorNotice error={portfolio.error} /> : null}
      {portfolio.data ? <Summary portfolio={portfolio.data} /> : null}
      <NotesForm />
    </section>
  )
}

function RangeForm({ onShow }: { onShow: (range: PortfolioQuery) => void }) {
  const { t } = useTranslation('portfolio')
  const { register, handleSubmit, formState } = useLightForm({ schema: portfolioQuerySchema })
  const emptyToUndefined = { setValueAs: (v: string) => v || undefined }
  return (
    <form className="card row" noValidate aria-label={t('show')} onSubmit={handleSubmit((q) => onShow(q))}>
      <Field
        label={t('from')}
        type="date"
        error={fieldError(t, formState.errors.from)}
        {...register('from', emptyToUndefined)}
      />
      <Field
        label={t('to')}
        type="date"
        error={fieldError(t, formState.errors.to)}
        {...register('to', emptyToUndefined)}
      />
      <button type="submit" className="secondary">
        {t('show')}
      </button>
    </form>
  )
}

function CriteriaList({ criteria }: { criteria: Criterion[] }) {
  const { t } = useTranslation('portfolio')
  return (
    <ul className="plain-list stack">
      {criteria.map((c) => (
        <li key={c.id} className={c.met ? 'criterion met' : 'criterion missing'}>
          <strong>
            {c.met ? '✓' : '○'} {t(`criterion.${c.id}.label`)}
          </strong>{' '}
          — {t(c.met ? 'met' : 'notMet')}: {t(`criterion.${c.id}.${c.met ? 'shows' : 'missing'}`, c.figures)}
        </li>
      ))}
    </ul>
  )
}

function Summary({ portfolio: p }: { portfolio: Portfolio }) {
  const { t } = useTranslation('portfolio')
  const query = search({ from: p.from, to: p.to })
  const next = p.isa.find((l) => l.level === p.nextLevel)
  return (
    <>
      <section className="card stack" aria-labelledby="level-heading">
        <h2 id="level-heading">{t('levelTitle')}</h2>
        <p className="muted">
          {t('range', { from: p.from, to: p.to })} ·{' '}
          {t('pupilsInvolved', { involved: p.figures.pupilsInvolved, pupils: p.figures.pupils })}
        </p>
        <p className="notice ok" data-testid="isa-level">
          {p.level === 'none' ? t('levelNone') : t('levelMet', { level: t(`level.${p.level}`) })}
        </p>
        {next ? (
          <>
            <p>{t('nextLevel', { level: t(`level.${next.level}`) })}</p>
            <CriteriaList criteria={next.criteria.filter((c) => !c.met)} />
          </>
        ) : (
          <p>{t('allMet')}</p>
        )}
        <div className="row">
          <a className="button" href={`/api/portfolio/pdf?${query}`} download>
            {t('downloadPdf')}
          </a>
          <a className="button secondary" href={`/api/portfolio/zip?${query}`} download>
            {t('downloadZip')}
          </a>
          <a className="button secondary" href={`/api/portfolio/page?${query}`} target="_blank" rel="noreferrer">
            {t('openPrintable')}
          </a>
        </div>
      </section>
      <section className="card stack" aria-labelledby="isa-heading">
        <h2 id="isa-heading">{t('isaTitle')}</h2>
        {p.isa.map((l) => (
          <div key={l.level} className="stack">
            <h3>{t(`level.${l.level}`)}</h3>
            <CriteriaList criteria={l.criteria} />
          </div>
        ))}
      </section>
      <section className="card stack" aria-labelledby="etwinning-heading">
        <h2 id="etwinning-heading">{t('etwinningTitle')}</h2>
        <CriteriaList criteria={p.etwinning} />
      </section>
    </>
  )
}

function NotesForm() {
  const { t } = useTranslation('portfolio')
  const queryClient = useQueryClient()
  const notes = useQuery({
    queryKey: [...portfolioKey, 'notes'],
    queryFn: () => apiGet<PortfolioNotes>('/portfolio/notes'),
  })
  const { register, handleSubmit, formState } = useLightForm({ schema: portfolioNotesSchema, values: notes.data })
  const save = useMutation({
    mutationFn: (input: PortfolioNotes) => apiPut<PortfolioNotes>('/portfolio/notes', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: portfolioKey }),
  })
  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="notes-heading"
      onSubmit={handleSubmit((input) => save.mutate(input))}
    >
      <h2 id="notes-heading">{t('notesTitle')}</h2>
      <p className="muted">{t('notesIntro')}</p>
      {(['staffDevelopment', 'community', 'policy'] as const).map((k) => (
        <TextAreaField
          key={k}
          label={t(`notes.${k}`)}
          rows={3}
          error={fieldError(t, formState.errors[k])}
          {...register(k)}
        />
      ))}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess && !formState.isDirty ? (
        <p role="status" className="notice ok">
          {t('saved')}
        </p>
      ) : null}
      <button type="submit" disabled={save.isPending || notes.isPending}>
        {t('saveNotes')}
      </button>
    </form>
  )
}
