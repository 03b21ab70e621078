/**
 * Typed wrappers of the data centre's routes (数管中心): the catalogue, a dataset's detail
 * (versions, fields, the masked quality report), an import started as a background job, and
 * data-access requests with their grants. Must not hold page state.
 */
import { api, type Page, type Query } from '@/api/client'
import type { Job } from './jobs'
import { paged } from './paging'

export type Classification = 'public' | 'internal' | 'sensitive' | 'core'

export const CLASSIFICATION_LABELS: Record<string, string> = {
  public: '公开',
  internal: '内部',
  sensitive: '敏感',
  core: '核心',
}

export const SEMANTIC_LABELS: Record<string, string> = {
  id_card: '居民身份证号',
  credit_code: '统一社会信用代码',
  person_name: '姓名',
  company_name: '单位名称',
  phone: '电话号码',
  plate: '车牌号',
  date: '日期',
  datetime: '日期时间',
  money: '金额（元）',
  integer: '整数',
  number: '数字',
  boolean: '是/否',
  text: '文本',
  org: '单位/机关',
}

export interface DatasetRow {
  name: string
  version: number
  rows: number
  fields: number
  classification: Classification
  org: string | null
  format: string
  imported_at: string
}

export interface DatasetField {
  name: string
  type: string
  semantic: string
  semantic_source?: string
  classification: Classification
  raw_column: string | null
}

export interface FieldQuality {
  rows: number
  missing: number
  invalid: number
  distinct?: number
  examples: unknown[]
}

export interface DatasetVersion {
  version: number
  rows: number
  source: string
  format: string
  sha256?: string
  encoding: string | null
  sheet: string | null
  imported_at: string
  imported_by: string | null
  seconds?: number
}

export interface DatasetDetail extends DatasetVersion {
  name: string
  description: string
  classification: Classification
  org: string | null
  fields: DatasetField[]
  quality: Record<string, FieldQuality>
  versions: DatasetVersion[]
}

/** The catalogue, paged, filtered and sorted by the server: `q` (in the name),
 * `classification`, `org`, page, size, sort. */
export function listDatasets(query: Query): Promise<Page<DatasetRow>> {
  return api.get<Page<DatasetRow>>('/datasets', paged(query))
}

export function getDataset(name: string, version?: number): Promise<DatasetDetail> {
  return api.get<DatasetDetail>(`/datasets/${encodeURIComponent(name)}`, { version })
}

/** The encodings an upload may be read as; '' = detect (自动识别). */
export const ENCODINGS: { value: string; label: string }[] = [
  { value: '', label: '自动识别' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'gbk', label: 'GBK' },
  { value: 'gb18030', label: 'GB18030' },
]

export interface ImportForm {
  file: File | null
  name: string
  encoding: string
  sheet: string
}

export function isSpreadsheet(file: File | null): boolean {
  return !!file && /\.(xlsx|xlsm|xls)$/i.test(file.name)
}

/** The multipart body of `POST /api/jobs/imports`: the file, the dataset name, and the
 * encoding / sheet only when chosen (an empty encoding lets the server detect it; a sheet only
 * for a spreadsheet). */
export function importFormData(form: ImportForm): FormData {
  if (!form.file) throw new Error('请选择要导入的文件')
  const body = new FormData()
  body.append('file', form.file, form.file.name)
  body.append('name', form.name.trim())
  if (form.encoding && !isSpreadsheet(form.file)) body.append('encoding', form.encoding)
  if (form.sheet.trim() && isSpreadsheet(form.file)) body.append('sheet', form.sheet.trim())
  return body
}

export function startImport(form: ImportForm): Promise<Job> {
  return api.upload<Job>('/jobs/imports', importFormData(form))
}

export type RequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn'

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  refused: '已驳回',
  withdrawn: '已撤回',
}

export interface AccessRequest {
  id: number
  dataset: string
  requester: string
  purpose: string
  starts_on: string
  ends_on: string
  unmask: boolean
  status: RequestStatus
  status_label: string
  created_at: string
  decided_by: string | null
  decided_at: string | null
  reason: string | null
  grant: number | null
}

export interface Grant {
  id: number
  request: number
  dataset: string
  user: string
  purpose: string
  unmask: boolean
  valid_from: string
  valid_until: string
  granted_by: string
  revoked_at: string | null
  revoked_by: string | null
  active: boolean
}

export interface AccessRequestForm {
  dataset: string
  purpose: string
  starts_on: string
  ends_on: string
  unmask: boolean
}

/** Requests filed by the user and those the user may decide, paged, filtered and sorted by
 * the server: `status`, `dataset`, `requester`, `q` (dataset, requester or purpose), page,
 * size, sort (`-id`: newest first). */
export function listRequests(query: Query): Promise<Page<AccessRequest>> {
  return api.get<Page<AccessRequest>>('/access-requests', paged(query))
}

export function fileRequest(form: AccessRequestForm): Promise<AccessRequest> {
  return api.post<AccessRequest>('/access-requests', form)
}

export function decideRequest(id: number, approve: boolean, reason: string): Promise<AccessRequest> {
  return api.post<AccessRequest>(`/access-requests/${id}/${approve ? 'approve' : 'refuse'}`, { reason })
}

/** Grants of the user and of the user's office's data, paged, filtered and sorted by the
 * server: `active`, `dataset`, `grantee`, `q` (dataset, user or purpose), page, size, sort. */
export function listGrants(query: Query): Promise<Page<Grant>> {
  return api.get<Page<Grant>>('/grants', paged(query))
}

export function revokeGrant(id: number): Promise<Grant> {
  return api.post<Grant>(`/grants/${id}/revoke`)
}
