/**
 * The ECharts options of the statistics page: the funnel figures per group as bars (per month
 * as lines), and the conversion rates. Pure functions of the API's answer; must not fetch.
 */
import type { ChartOption } from '@/components/echarts'
import type { Figures, GroupBy } from '@/api/pages/stats'

const SERIES: { key: keyof Figures; name: string }[] = [
  { key: 'leads', name: '线索数' },
  { key: 'verified', name: '已核查' },
  { key: 'confirmed', name: '核查属实' },
  { key: 'cases', name: '成案' },
  { key: 'actions_total', name: '监督文书' },
]

function shortLabel(label: string): string {
  return label.length > 12 ? `${label.slice(0, 11)}…` : label
}

/** Counts per group: bars, or lines when grouped by month. */
export function countsOption(groups: Figures[], by: GroupBy): ChartOption {
  const line = by === 'month'
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: line ? 32 : 96 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: line ? {} : { rotate: 35, interval: 0, formatter: shortLabel },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: SERIES.map((s) => ({
      name: s.name,
      type: line ? 'line' : 'bar',
      smooth: line,
      data: groups.map((g) => Number(g[s.key] ?? 0)),
    })),
  }
}

/** 精准率 / 成案率 / 采纳率 per group, as percentages (empty ratios left out). */
export function ratesOption(groups: Figures[], by: GroupBy): ChartOption {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)
  const line = by === 'month'
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: line ? 32 : 96 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: line ? {} : { rotate: 35, interval: 0, formatter: shortLabel },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '精准率', type: line ? 'line' : 'bar', data: groups.map((g) => pct(g.precision)) },
      { name: '成案率', type: line ? 'line' : 'bar', data: groups.map((g) => pct(g.conversion)) },
      { name: '采纳率', type: line ? 'line' : 'bar', data: groups.map((g) => pct(g.adoption_rate)) },
    ],
  }
}
