/**
 * Typed wrapper for GET /api/workbench (工作台): my leads by state, overdue items, recent runs
 * of my office's models and the office's funnel. Owns only this call and its types.
 */
import { api } from '@/api/client'

export interface StatusCount {
  status: string
  label: string
  count: number
}

export interface OverdueItem {
  lead_id: number
  title: string
  model: string
  status: string
  label: string
  kind: string
  kind_label: string
  assignee: string | null
  due_date: string
  days_overdue: number
}

export interface RecentRun {
  run_id: number
  model: string
  model_name: string
  started_at: string
  finished_at: string | null
  status: string
  status_label: string
  leads: number | null
  new: number | null
}

export interface FunnelStage {
  stage: string
  label: string
  count: number
}

export interface Workbench {
  org: string | null
  org_name: string | null
  sections: { leads: boolean; runs: boolean; funnel: boolean }
  my_leads_by_status: StatusCount[]
  my_leads_total: number
  overdue: OverdueItem[]
  overdue_total: number
  overdue_scope: 'mine' | 'office' | string
  recent_runs: RecentRun[]
  funnel: FunnelStage[]
  limits: { verify_days: number; reply_months: number }
}

export const workbench = () => api.get<Workbench>('/workbench')
