import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink } from 'react-router'
import type { Board } from '../../../../shared/schemas/boards.js'
import { apiPost } from '../../api/http.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Field } from '../../ui/Field.js'

/** A list of boards with, for teachers, a form to start one. */
export function BoardList({
  boards,
  createPath,
  invalidate,
  kinds,
  canCreate,
}: {
  boards: Board[]
  createPath: string
  invalidate: readonly unknown[]
  kinds: ('discussion' | 'staffroom')[]
  canCreate: boolean
}) {
  const { t } = useTranslation('boards')
  const queryClient = useQueryClient()
  const [title, setTitle] = useState('')
  const [kind, setKind] = useState(kinds[0] ?? 'discussion')
  const create = useMutation({
    mutationFn: () => apiPost<Board>(createPath, { title, kind }),
    onSuccess: () => {
      setTitle('')
      void queryClient.invalidateQueries({ queryKey: invalidate })
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate()
  }
  return (
    <div className="stack">
      {boards.length === 0 ? <p className="muted">{t('boards.none')}</p> : null}
      <ul className="plain-list board-list">
        {boards.map((b) => (
          <li key={b.id}>
            <RouterLink to={`/boards/${b.id}`}>{b.title}</RouterLink>
            {b.kind !== 'discussion' ? <span className="badge">{t(`kind.${b.kind}`)}</span> : null}
          </li>
        ))}
      </ul>
      {canCreate ? (
        <form className="row" onSubmit={submit} aria-label={t('boards.createLabel')}>
          <Field
            label={t('boards.topic')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={80}
            required
          />
          {kinds.length > 1 ? (
            <div className="field">
              <label htmlFor="board-kind">{t('boards.kind')}</label>
              <select
                id="board-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as 'discussion' | 'staffroom')}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" disabled={create.isPending}>
            {t('boards.create')}
          </button>
          {create.isError ? <ErrorNotice error={create.error} /> : null}
        </form>
      ) : null}
    </div>
  )
}
