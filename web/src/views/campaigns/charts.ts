/**
 * The ECharts options of a campaign's page: its figures per office (bars) and its supervision
 * actions by kind (pie). Pure functions of the API's statistics; must not fetch.
 */
import type { ChartOption } from '@/components/echarts'
import type { CampaignStats } from '@/api/pages/campaigns'
import { ACTION_LABELS } from '@/api/pages/stats'

const SERIES = [
  { key: 'leads', name: '线索' },
  { key: 'verified', name: '已核查' },
  { key: 'confirmed', name: '核查属实' },
  { key: 'cases', name: '成案' },
  { key: 'actions_total', name: '监督文书' },
] as const

/** Per office: leads, verified, confirmed, cases, actions (an office-less row as 未归属单位). */
export function officesOption(stats: CampaignStats): ChartOption {
  const rows = stats.per_office
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.org_name ?? '未归属单位'),
      axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: SERIES.map((s) => ({ name: s.name, type: 'bar', data: rows.map((r) => Number(r[s.key] ?? 0)) })),
  }
}

/** The actions issued, by kind (kinds with none left out). */
export function actionsOption(stats: CampaignStats): ChartOption {
  const data = Object.entries(stats.total.actions)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => ({ name: ACTION_LABELS[kind] ?? kind, value: n }))
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ name: '监督文书', type: 'pie', radius: ['35%', '65%'], data }],
  }
}
