import { directionOf } from '../../../shared/locales.js'
import type { PupilRecord } from './subjectAccess.repository.js'
import { privacyTranslator } from './texts.js'

const escape = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

type Row = Record<string, unknown>

/** The readable page of a subject access export: one table per kind of data, every value escaped. */
export function renderSubjectAccessPage(record: PupilRecord, madeAt: string): string {
  const { locale, t } = privacyTranslator(record.account.locale, 'export')
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) +
    ' UTC'
  const yesNo = (value: boolean) => t(value ? 'yes' : 'no')
  const table = (section: string, columns: string[], rows: Row[]) => {
    const body = rows.length
      ? `<table><thead><tr>${columns.map((c) => `<th>${escape(t(`fields.${c}`))}</th>`).join('')}</tr></thead><tbody>${rows
          .map((row) => `<tr>${columns.map((c) => `<td>${escape(row[c])}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`
      : `<p>${escape(t('none'))}</p>`
    return `<section><h2>${escape(t(`sections.${section}`))}</h2>${body}</section>`
  }
  const a = record.account
  const sections = [
    table(
      'account',
      ['name', 'school', 'class', 'language', 'active', 'created'],
      [
        {
          name: a.displayName,
          school: a.schoolName,
          class: a.className,
          language: a.locale,
          active: yesNo(a.active),
          created: date(a.createdAt),
        },
      ],
    ),
    table(
      'posts',
      ['when', 'where', 'text', 'status', 'reason', 'note'],
      record.posts.map((p) => ({
        when: date(p.createdAt),
        where: p.board,
        text: [p.title, p.body].filter(Boolean).join(' — '),
        status: p.status,
        reason: p.rejectReason,
        note: p.editNote,
      })),
    ),
    table(
      'wallItems',
      ['when', 'kind', 'text', 'status', 'reason', 'note'],
      record.wallItems.map((w) => ({
        when: date(w.createdAt),
        kind: w.kind,
        text: [w.body, w.caption].filter(Boolean).join(' — '),
        status: w.status,
        reason: w.rejectReason,
        note: w.editNote,
      })),
    ),
    table(
      'chatMessages',
      ['when', 'where', 'text', 'status', 'reason'],
      record.chatMessages.map((m) => ({
        when: date(m.createdAt),
        where: m.assembly,
        text: m.text,
        status: m.status,
        reason: m.rejectReason,
      })),
    ),
    table(
      'moderation',
      ['when', 'action', 'by', 'reason', 'item'],
      record.moderation.map((m) => ({
        when: date(m.createdAt),
        action: m.action,
        by: m.actorName,
        reason: m.reason,
        item: `${m.kind} ${m.itemId}`,
      })),
    ),
    table(
      'flagsRaised',
      ['when', 'item', 'reason'],
      record.flagsRaised.map((f) => ({ when: date(f.createdAt), item: `${f.kind} ${f.itemId}`, reason: f.reason })),
    ),
    table(
      'notices',
      ['when', 'kind'],
      record.notices.map((n) => ({ when: date(n.createdAt), kind: n.kind })),
    ),
    table(
      'pictures',
      ['when', 'file', 'uploaded', 'shows'],
      record.pictures.map((p) => ({
        when: date(p.createdAt),
        file: `pictures/${p.id}.webp`,
        uploaded: yesNo(p.uploadedByHer),
        shows: yesNo(p.showsHer),
      })),
    ),
    table(
      'consent',
      ['when', 'consent', 'by'],
      record.consent.map((c) => ({ when: date(c.updatedAt), consent: yesNo(c.consent), by: c.updatedBy })),
    ),
    table(
      'signIns',
      ['when'],
      record.signIns.map((at) => ({ when: date(at) })),
    ),
  ]
  const title = t('title', { name: a.displayName })
  return `<!doctype html>
<html lang="${escape(locale)}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}table{border-collapse:collapse;width:100%;margin-block-end:1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:start;vertical-align:top}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(t('intro', { date: date(madeAt), school: a.schoolName }))}</p>${sections.join('\n')}</body></html>
`
}
