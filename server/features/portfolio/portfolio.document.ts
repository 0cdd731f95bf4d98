import { strToU8, zipSync } from 'fflate'
import type { Criterion, Portfolio, PortfolioPicture } from '../../../shared/schemas/portfolio.js'
import { portfolioCharts, type Translate } from './portfolio.charts.js'

const escapeHtml = (value: string | number) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** One sentence for a criterion: what the record shows, or what is still missing. */
export function criterionText(c: Criterion, t: Translate): { label: string; text: string } {
  return { label: t(`criterion.${c.id}.label`), text: t(`criterion.${c.id}.${c.met ? 'shows' : 'missing'}`, c.figures) }
}

/** The level line: which ISA level the evidence meets, and what is missing for the next. */
export function levelText(p: Portfolio, t: Translate): { headline: string; next: string | null; missing: string[] } {
  const headline = p.level === 'none' ? t('levelNone') : t('levelMet', { level: t(`level.${p.level}`) })
  if (!p.nextLevel) return { headline, next: t('allMet'), missing: [] }
  const next = p.isa.find((l) => l.level === p.nextLevel)
  return {
    headline,
    next: t('nextLevel', { level: t(`level.${p.nextLevel}`) }),
    missing: (next?.criteria ?? []).filter((c) => !c.met).map((c) => criterionText(c, t).text),
  }
}

function criteriaTable(criteria: Criterion[], t: Translate): string {
  return `<table><tbody>${criteria
    .map((c) => {
      const { label, text } = criterionText(c, t)
      return `<tr class="${c.met ? 'met' : 'missing'}"><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(c.met ? t('met') : t('notMet'))}</td><td>${escapeHtml(text)}</td></tr>`
    })
    .join('')}</tbody></table>`
}

const STYLE = `
body { font-family: system-ui, sans-serif; color: #1d2433; margin: 2rem; line-height: 1.45; }
h1 { color: #0b6e4f; margin-block-end: .25rem; } h2 { color: #0b6e4f; border-block-end: 2px solid #cde7dc; padding-block-end: .2rem; margin-block-start: 2rem; }
.level { font-size: 1.3rem; font-weight: 700; background: #e9f6f0; padding: .75rem 1rem; border-radius: .5rem; }
table { border-collapse: collapse; width: 100%; margin-block: .5rem; font-size: .9rem; }
th, td { text-align: start; vertical-align: top; padding: .35rem .5rem; border-block-end: 1px solid #dde3ea; }
tr.met td:nth-child(2) { color: #0b6e4f; font-weight: 700; } tr.missing td:nth-child(2) { color: #a23b00; font-weight: 700; }
figure { margin: 1rem 0; page-break-inside: avoid; } figcaption { font-weight: 700; margin-block-end: .25rem; }
.muted { color: #5b6573; } section { page-break-inside: auto; }
.pictures { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }
.picture img { max-width: 100%; height: auto; } .picture figcaption { font-weight: 400; font-size: .85rem; }
@media print { body { margin: 0; } }`

/** The processed bytes of the portfolio's pictures, by media id. */
export type PictureBytes = ReadonlyMap<string, Uint8Array>

/** Who shared a picture, never by name: "Shared by a pupil in Year 5". */
export const sharedByText = (p: PortfolioPicture, t: Translate) =>
  p.byPupil ? t('pictureByPupil', { className: p.className ?? t('aPupil') }) : t('pictureByTeacher')

function picturesSection(p: Portfolio, t: Translate, bytes: PictureBytes): string {
  const shown = p.pictures.filter((pic) => bytes.has(pic.mediaId))
  if (shown.length === 0) return ''
  const figures = shown
    .map((pic) => {
      const by = sharedByText(pic, t)
      const src = `data:image/webp;base64,${Buffer.from(bytes.get(pic.mediaId)!).toString('base64')}`
      return `<figure class="picture"><img src="${src}" alt="${escapeHtml(by)}" width="${pic.width}" height="${pic.height}"><figcaption>${escapeHtml(`${by} · ${pic.linkName} · ${pic.date}`)}</figcaption></figure>`
    })
    .join('')
  return `<section><h2>${escapeHtml(t('picturesTitle'))}</h2><p class="muted">${escapeHtml(t('picturesNote'))}</p><div class="pictures">${figures}</div></section>`
}

/** The printable page (also what the PDF is printed from): never a pupil's name, of either school. */
export async function portfolioHtml(
  p: Portfolio,
  t: Translate,
  lang: string,
  pictures: PictureBytes = new Map(),
): Promise<string> {
  const level = levelText(p, t)
  const charts = await portfolioCharts(p, t)
  const yesNo = (v: boolean) => (v ? t('yes') : t('no'))
  const activities = p.activities.length
    ? `<table><thead><tr>${['date', 'kind', 'activity', 'partners', 'subjects', 'sdgs', 'language', 'classes'].map((c) => `<th scope="col">${escapeHtml(t(`col.${c}`))}</th>`).join('')}</tr></thead><tbody>${p.activities
        .map(
          (a) =>
            `<tr><td>${escapeHtml(a.date)}</td><td>${escapeHtml(t(`kind.${a.kind}`))}</td><td>${escapeHtml(a.title)}</td><td>${escapeHtml(a.partners.map((x) => `${x.schoolName} (${x.country})`).join(', '))}</td><td>${escapeHtml(a.subjects.join(', '))}</td><td>${escapeHtml(a.sdgs.join(', '))}</td><td>${escapeHtml(yesNo(a.partnerLanguage))}</td><td>${escapeHtml(a.classes.map((c) => t('classCell', c)).join('; '))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${escapeHtml(t('noActivities'))}</p>`
  const reviews = p.reviews.length
    ? `<table><thead><tr>${['date', 'partners', 'outcome', 'rating', 'nextSteps'].map((c) => `<th scope="col">${escapeHtml(t(`col.${c}`))}</th>`).join('')}</tr></thead><tbody>${p.reviews
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.linkName)}</td><td>${escapeHtml(r.outcome)}</td><td>${escapeHtml(t(`rating.${r.rating}`))}</td><td>${escapeHtml(r.nextSteps)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${escapeHtml(t('noReviews'))}</p>`
  const notes = (['staffDevelopment', 'community', 'policy'] as const)
    .map(
      (k) =>
        `<h3>${escapeHtml(t(`notes.${k}`))}</h3><p>${p.notes[k] ? escapeHtml(p.notes[k]).replace(/\n/g, '<br>') : `<span class="muted">${escapeHtml(t('notWritten'))}</span>`}</p>`,
    )
    .join('')
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(`${t('title')} — ${p.school.name}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(t('title'))}</h1>
<p><strong>${escapeHtml(p.school.name)}</strong> · ${escapeHtml(t('range', { from: p.from, to: p.to }))}</p>
<p class="muted">${escapeHtml(t('intro'))}</p>
<section><h2>${escapeHtml(t('levelTitle'))}</h2>
<p class="level" data-level="${escapeHtml(p.level)}">${escapeHtml(level.headline)}</p>
${level.next ? `<p>${escapeHtml(level.next)}</p>` : ''}${level.missing.length ? `<ul>${level.missing.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>` : ''}
</section>
<section><h2>${escapeHtml(t('isaTitle'))}</h2>
${p.isa.map((l) => `<h3>${escapeHtml(t(`level.${l.level}`))}</h3>${criteriaTable(l.criteria, t)}`).join('')}
</section>
<section><h2>${escapeHtml(t('etwinningTitle'))}</h2>${criteriaTable(p.etwinning, t)}</section>
<section><h2>${escapeHtml(t('figuresTitle'))}</h2>
<p>${escapeHtml(t('pupilsInvolved', { involved: p.figures.pupilsInvolved, pupils: p.figures.pupils }))}</p>
${charts.map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}</figure>`).join('')}
</section>
<section><h2>${escapeHtml(t('activitiesTitle'))}</h2>${activities}</section>
<section><h2>${escapeHtml(t('reviewsTitle'))}</h2>${reviews}</section>
${picturesSection(p, t, pictures)}
<section><h2>${escapeHtml(t('notesTitle'))}</h2>${notes}</section>
<p class="muted">${escapeHtml(t('generated', { date: p.generatedAt.slice(0, 10) }))}</p>
</body></html>`
}

/** RFC 4180 CSV: every field quoted; a leading =, +, - or @ is defused so a spreadsheet never runs it. */
export function toCsv(header: string[], rows: (string | number | boolean)[][]): string {
  const cell = (v: string | number | boolean) => {
    const s = String(v)
    return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
  }
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** The same content as the page, as a ZIP: the printable page, one CSV table per figure, and its pictures. */
export async function portfolioZip(
  p: Portfolio,
  t: Translate,
  lang: string,
  pictures: PictureBytes = new Map(),
): Promise<Uint8Array> {
  const criteria = [
    ...p.isa.flatMap((l) => l.criteria.map((c) => ({ scheme: `ISA ${t(`level.${l.level}`)}`, c }))),
    ...p.etwinning.map((c) => ({ scheme: 'eTwinning', c })),
  ]
  const files: Record<string, Uint8Array> = {
    'portfolio.html': strToU8(await portfolioHtml(p, t, lang, pictures)),
    'criteria.csv': strToU8(
      toCsv(
        ['scheme', 'criterion', 'met', 'evidence'],
        criteria.map(({ scheme, c }) => [scheme, criterionText(c, t).label, c.met, criterionText(c, t).text]),
      ),
    ),
    'activities.csv': strToU8(
      toCsv(
        [
          'date',
          'kind',
          'activity',
          'partners',
          'partner_abroad',
          'subjects',
          'sdgs',
          'partner_language',
          'classes',
          'pupils',
        ],
        p.activities.map((a) => [
          a.date,
          a.kind,
          a.title,
          a.partners.map((x) => `${x.schoolName} (${x.country})`).join('; '),
          a.withPartnerAbroad,
          a.subjects.join('; '),
          a.sdgs.join('; '),
          a.partnerLanguage,
          a.classes.map((c) => `${c.className} (${c.ages})`).join('; '),
          a.classes.reduce((n, c) => n + c.pupils, 0),
        ]),
      ),
    ),
    'activities_per_month.csv': strToU8(
      toCsv(
        ['month', 'link', 'activities'],
        p.figures.activitiesPerMonth.map((r) => [r.month, r.linkName, r.count]),
      ),
    ),
    'letters_per_round.csv': strToU8(
      toCsv(
        ['date', 'round', 'sent', 'received'],
        p.figures.lettersPerRound.map((r) => [r.date, r.round, r.sent, r.received]),
      ),
    ),
    'reflections.csv': strToU8(
      toCsv(
        ['date', 'class', 'statement', 'yes', 'unsure', 'no'],
        p.figures.reflections.map((r) => [
          r.date,
          r.className,
          t(`reflections:statement.${r.statement}`),
          r.yes,
          r.unsure,
          r.no,
        ]),
      ),
    ),
    'reviews.csv': strToU8(
      toCsv(
        ['date', 'link', 'outcome', 'rating', 'next_steps'],
        p.reviews.map((r) => [r.at, r.linkName, r.outcome, r.rating, r.nextSteps]),
      ),
    ),
    'pupils.csv': strToU8(toCsv(['pupils', 'pupils_involved'], [[p.figures.pupils, p.figures.pupilsInvolved]])),
    ...pictureFiles(p, t, pictures),
  }
  return zipSync(files, { level: 6, mtime: new Date(p.generatedAt) })
}

/** The pictures as files (`pictures/01.webp` …) with a table of who shared each, by class only. */
function pictureFiles(p: Portfolio, t: Translate, bytes: PictureBytes): Record<string, Uint8Array> {
  const shown = p.pictures.filter((pic) => bytes.has(pic.mediaId))
  if (shown.length === 0) return {}
  const name = (i: number) => `pictures/${String(i + 1).padStart(2, '0')}.webp`
  return {
    ...Object.fromEntries(shown.map((pic, i) => [name(i), bytes.get(pic.mediaId)!])),
    'pictures.csv': strToU8(
      toCsv(
        ['file', 'date', 'link', 'shared_by'],
        shown.map((pic, i) => [name(i), pic.date, pic.linkName, sharedByText(pic, t)]),
      ),
    ),
  }
}
