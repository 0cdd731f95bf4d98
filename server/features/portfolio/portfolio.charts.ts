import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Portfolio } from '../../../shared/schemas/portfolio.js'

export type Translate = (key: string, options?: Record<string, unknown>) => string

const WIDTH = 520
const HEIGHT = 180

/** Renders a Vega-Lite chart to SVG on the server (no browser, no canvas): the same chart in the page and the PDF. */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

const base = { width: WIDTH, height: HEIGHT, config: { font: 'sans-serif', view: { stroke: null } } } as const

/** The portfolio's charts as SVG strings, titled in the reader's language; an empty figure draws nothing. */
export async function portfolioCharts(p: Portfolio, t: Translate): Promise<{ title: string; svg: string }[]> {
  const charts: { title: string; svg: string }[] = []
  if (p.figures.activitiesPerMonth.length) {
    charts.push({
      title: t('chart.perMonth'),
      svg: await toSvg({
        ...base,
        data: { values: p.figures.activitiesPerMonth },
        mark: 'bar',
        encoding: {
          x: { field: 'month', type: 'ordinal', title: t('chart.month') },
          y: { field: 'count', type: 'quantitative', title: t('chart.activities'), axis: { tickMinStep: 1 } },
          color: { field: 'linkName', type: 'nominal', title: t('chart.link') },
        },
      }),
    })
  }
  if (p.figures.lettersPerRound.length) {
    const values = p.figures.lettersPerRound.flatMap((r) => [
      { round: `${r.date} ${r.round}`, direction: t('chart.sent'), letters: r.sent },
      { round: `${r.date} ${r.round}`, direction: t('chart.received'), letters: r.received },
    ])
    charts.push({
      title: t('chart.letters'),
      svg: await toSvg({
        ...base,
        data: { values },
        mark: 'bar',
        encoding: {
          x: { field: 'round', type: 'ordinal', title: t('chart.round') },
          xOffset: { field: 'direction' },
          y: { field: 'letters', type: 'quantitative', title: t('chart.letterCount'), axis: { tickMinStep: 1 } },
          color: { field: 'direction', type: 'nominal', title: t('chart.direction') },
        },
      }),
    })
  }
  if (p.figures.reflections.length) {
    const values = p.figures.reflections.flatMap((r) =>
      (['yes', 'unsure', 'no'] as const).map((face) => ({
        when: `${r.date} ${r.className}`,
        statement: t(`reflections:statement.${r.statement}`),
        face: t(`reflections:face.${face}`),
        order: ['yes', 'unsure', 'no'].indexOf(face),
        answers: r[face],
      })),
    )
    charts.push({
      title: t('chart.reflections'),
      svg: await toSvg({
        ...base,
        height: { step: 14 },
        data: { values },
        mark: 'bar',
        encoding: {
          y: { field: 'statement', type: 'nominal', title: null, axis: { labelLimit: 260 } },
          yOffset: { field: 'when' },
          x: {
            field: 'answers',
            type: 'quantitative',
            stack: 'zero',
            title: t('chart.answers'),
            axis: { tickMinStep: 1 },
          },
          color: {
            field: 'face',
            type: 'nominal',
            title: t('chart.face'),
            scale: { range: ['#2e7d32', '#f9a825', '#c62828'] },
          },
          order: { field: 'order' },
        },
      } as TopLevelSpec),
    })
  }
  return charts
}
