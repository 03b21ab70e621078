/**
 * Typed wrappers of the effectiveness routes (效能统计): figures grouped by model, office or
 * month, the four model ledgers, and the Excel workbook download. Definitions of every figure
 * are in docs/statistics.md; this file must not compute any figure itself.
 */
import { api } from '@/api/client'

export type GroupBy = 'model' | 'org' | 'area' | 'line' | 'month' | 'total'

export const GROUP_LABELS: Record<GroupBy, string> = {
  model: '按模型',
  org: '按检察院',
  month: '按月份',
  area: '按领域',
  line: '按业务条线',
  total: '合计',
}

export const ACTION_LABELS: Record<string, string> = {
  suggestion: '检察建议',
  correction_notice: '纠正违法通知书',
  supervise_filing: '监督立案',
  supervise_withdrawal: '监督撤案',
  public_interest_case: '公益诉讼立案',
  protest: '抗诉',
  referral: '线索移送',
}

export interface Figures {
  key: string | null
  label: string
  depth?: number
  leads: number
  verified: number
  confirmed: number
  cases: number
  actions: Record<string, number>
  actions_total: number
  adopted: Record<string, number>
  adopted_total: number
  leads_with_actions: number
  leads_with_feedback: number
  precision: number | null
  conversion: number | null
  adoption_rate: number | null
  recovered_amount: string
  persons_affected: number
  rules_made: number
  avg_days_to_action: number | null
}

export interface StatsAnswer {
  group_by: GroupBy
  group_label: string
  groups: Figures[]
  total: Figures
  filter: Record<string, unknown>
}

export interface StatsFilters {
  by: GroupBy
  org?: string
  area?: string
  line?: string
  model?: string[]
  from?: string
  to?: string
}

export interface LedgerModel {
  model: string
  name: string
  area_label: string
  line_label: string
  org: string | null
  org_name: string | null
  stage_label: string
  runs: number
  succeeded_runs: number
  last_run_on: string | null
  leads: number
  verified: number
  confirmed: number
  cases: number
  actions: number
  adopted: number
  recovered_amount: string
}

export interface Ledgers {
  counts: Record<string, number>
  ledgers: Record<string, { label: string; models: LedgerModel[] }>
}

export const LEDGER_ORDER = ['under_construction', 'built', 'mature_applied', 'with_results']

export function getStats(filters: StatsFilters): Promise<StatsAnswer> {
  return api.get<StatsAnswer>('/stats', { ...filters })
}

export function getLedgers(org?: string): Promise<Ledgers> {
  return api.get<Ledgers>('/stats/ledgers', { org })
}

export function downloadWorkbook(filters: StatsFilters): Promise<string> {
  return api.download('/stats.xlsx', { ...filters }, '效能统计.xlsx')
}

/** A fraction (0.6667) as a percentage (66.7%), or — when empty. */
export function percentText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return `${(value * 100).toFixed(1)}%`
}
