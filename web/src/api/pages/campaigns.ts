/**
 * Typed wrappers of the campaign routes (专项): the list, one campaign, creating, starting and
 * stopping it, queueing its runs, its ledger of leads and its statistics. Must not hold page
 * state nor compute any figure.
 */
import { api, type Page, type Query } from '@/api/client'
import type { Office } from './publication'
import { paged } from './paging'

export type CampaignState = 'planned' | 'running' | 'stopped'

export const CAMPAIGN_STATES: Record<CampaignState, string> = {
  planned: '未启动',
  running: '进行中',
  stopped: '已停止',
}

export interface Campaign {
  id: number
  name: string
  line: string
  line_label: string
  starts_on: string
  ends_on: string
  org: string | null
  org_name: string | null
  offices: Office[]
  models: { slug: string; name: string }[]
  description: string
  state: CampaignState
  state_label: string
  created_by: string
  created_at: string
  started_by: string | null
  started_at: string | null
  stopped_by: string | null
  stopped_at: string | null
  leads: number
  can_manage?: boolean
}

export interface CampaignFigures {
  leads: number
  verified: number
  confirmed: number
  precision: number | null
  cases: number
  actions: Record<string, number>
  actions_total: number
  adopted_total: number
  recovered_amount: string
  persons_affected: number
  rules_made: number
}

export interface CampaignStats {
  campaign: Campaign
  total: CampaignFigures
  per_office: (CampaignFigures & { org: string | null; org_name: string | null })[]
  per_model: (CampaignFigures & { model: string; name: string })[]
}

export interface CampaignForm {
  name: string
  line: string
  starts_on: string
  ends_on: string
  offices: string[]
  models: string[]
  description: string
}

export interface CampaignLead {
  id: number
  model: string
  title: string
  status: string
  org: string | null
  subject_name: string | null
  jurisdiction: string | null
}

export interface QueuedRuns {
  id: number
  name: string
  run_date: string
  jobs: { model: string; org: string; job_id: number }[]
  refused: { model: string; org: string; error: string }[]
}

export function listCampaigns(state?: CampaignState): Promise<Campaign[]> {
  return api.get<Campaign[]>('/campaigns', { state })
}

export function getCampaign(id: number): Promise<Campaign> {
  return api.get<Campaign>(`/campaigns/${id}`)
}

export function createCampaign(form: CampaignForm): Promise<Campaign> {
  return api.post<Campaign>('/campaigns', form)
}

export function startCampaign(id: number): Promise<Campaign> {
  return api.post<Campaign>(`/campaigns/${id}/start`)
}

export function stopCampaign(id: number): Promise<Campaign> {
  return api.post<Campaign>(`/campaigns/${id}/stop`)
}

export function runCampaign(id: number, asOf?: string): Promise<QueuedRuns> {
  return api.post<QueuedRuns>(`/campaigns/${id}/runs`, asOf ? { as_of: asOf } : {})
}

export function campaignLeads(id: number, query: Query): Promise<Page<CampaignLead>> {
  return api.get<Page<CampaignLead>>(`/campaigns/${id}/leads`, paged(query))
}

export function campaignStats(id: number): Promise<CampaignStats> {
  return api.get<CampaignStats>(`/campaigns/${id}/stats`)
}
