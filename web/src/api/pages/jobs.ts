/**
 * Typed wrappers of the background-job routes (后台任务): list, one job, cancel one, start an
 * import or a model run. Owns the JobOut shape as the API documents it. Must not poll: polling is the
 * shared JobProgress component's (C1).
 */
import { api, type Page, type Query } from '@/api/client'
import { jobPercent } from '@/api/jobs'

export type JobKind = 'import' | 'run'
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface JobProgress {
  stage: string | null
  rows_read: number | null
  steps_done: number | null
  steps_total: number | null
  leads_written: number | null
  fraction: number | null
}

export interface ImportResult {
  dataset?: string
  rows?: number
  rejected?: number | RejectedLine[]
  invalid?: number
  version?: number
  [key: string]: unknown
}

export interface RejectedLine {
  line?: number
  message?: string
  [key: string]: unknown
}

export interface RunResult {
  run_id?: number
  leads?: number
  new?: number
  seen_again?: number
  no_longer_hit?: number
  [key: string]: unknown
}

export interface Job {
  id: number
  kind: JobKind
  status: JobStatus
  status_label: string
  title: string
  subject?: string | null
  created_by?: string | null
  office?: string | null
  office_name?: string | null
  created_at?: string | null
  started_at?: string | null
  finished_at?: string | null
  progress: JobProgress | null
  result: (ImportResult & RunResult) | null
  error: string | null
  /** Cancellation asked for: a running job stops at its next progress report. */
  cancel_requested?: boolean
  /** Whether the signed-in user may cancel it (its creator, or an admin of its office). */
  cancellable?: boolean
  attempts?: number
}

export const JOB_KIND_LABELS: Record<JobKind, string> = { import: '导入数据', run: '运行模型' }
export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '已完成',
  failed: '失败',
  cancelled: '已取消',
}

/** Jobs the user may see: `kind`, `status`, `mine`, page, size, sort (`-created_at`). */
export function listJobs(query: Query): Promise<Page<Job>> {
  return api.get<Page<Job>>('/jobs', query)
}

export function getJob(id: number): Promise<Job> {
  return api.get<Job>(`/jobs/${id}`)
}

export function finished(job: Job): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled'
}

/** Cancel a job: a queued one at once, a running one at its next progress report. */
export function cancelJob(id: number): Promise<Job> {
  return api.post<Job>(`/jobs/${id}/cancel`)
}

/** Whether the cancel button shows: the user may cancel it and it has not ended. */
export function canCancel(job: Job): boolean {
  return Boolean(job.cancellable) && !finished(job) && !job.cancel_requested
}

/** Percentage 0–100 for el-progress: the shared rule (`jobPercent`, from the job's fraction). */
export function percent(job: Job): number {
  return jobPercent(job)
}

/** One line saying how far the job got (stage, rows, steps, leads). */
export function progressText(job: Job): string {
  const p = job.progress
  if (!p) return job.status_label
  const parts: string[] = []
  if (p.stage) parts.push(p.stage)
  if (p.rows_read) parts.push(`已读 ${p.rows_read.toLocaleString('zh-CN')} 行`)
  if (p.steps_total) parts.push(`第 ${p.steps_done ?? 0}/${p.steps_total} 步`)
  if (p.leads_written) parts.push(`已写入线索 ${p.leads_written.toLocaleString('zh-CN')} 条`)
  return parts.join('，') || job.status_label
}
