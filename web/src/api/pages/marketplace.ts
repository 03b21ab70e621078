/**
 * Typed wrappers of the marketplace's views (模型超市): browsing published models with
 * 「我院可直接使用」 and the office's own adoption, a model's figures across offices, and
 * adopting a model for the office (采用). Must not hold page state nor compute any figure.
 */
import { api, type Page, type Query } from '@/api/client'
import { paged } from './paging'

export interface MarketFigures {
  offices: number
  adoptions: number
  /** 「N 个院 M 次」 */
  adoption_label: string
  runs: number
  succeeded_runs: number
  last_run_on: string | null
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

export interface InputField {
  field: string
  type: string
}

export interface MarketInput {
  input: string
  label: string
  fields: InputField[]
}

export interface Bound {
  dataset: string
  /** Field → column, only where they differ. */
  fields: Record<string, string>
}

export interface Adopted {
  version: string
  version_id: number | null
  up_to_date: boolean
  upgrade_to: string | null
}

export interface MarketModel {
  slug: string
  name: string
  description: string
  area: string
  area_label: string
  line: string
  line_label: string
  kind: string
  kind_label: string
  risk: string
  risk_label: string
  state: string
  state_label: string
  author_org: string | null
  author_org_name: string | null
  authors: string[]
  published_at: string | null
  version: string
  version_id: number
  inputs: MarketInput[]
  figures: MarketFigures
  usable: boolean
  bindings: Record<string, Bound>
  missing: string[]
  adopted: Adopted | null
}

export interface MarketTotals {
  models: number
  adopted_models: number
  offices: number
  adoptions: number
  adoption_label: string
}

export interface MarketPage extends Page<MarketModel> {
  totals: MarketTotals
}

export interface OfficeFigures extends MarketFigures {
  org: string | null
  org_name: string | null
  version: string
}

export interface ModelFigures extends MarketFigures {
  model: string
  name: string
  state: string
  per_office: OfficeFigures[]
}

export interface AdoptionAnswer {
  id: string
  version: string
  org: string
  org_name: string
  upgraded_from: string | null
  diff: string
}

export function browseModels(query: Query): Promise<MarketPage> {
  return api.get<MarketPage>('/market/models', paged(query))
}

export function modelFigures(slug: string): Promise<ModelFigures> {
  return api.get<ModelFigures>(`/market/models/${encodeURIComponent(slug)}/figures`)
}

export function adoptModel(slug: string, bindings: Record<string, Bound>): Promise<AdoptionAnswer> {
  return api.post<AdoptionAnswer>(`/market/models/${encodeURIComponent(slug)}/adoptions`, { bindings })
}
