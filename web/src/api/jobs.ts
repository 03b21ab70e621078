/**
 * Typed wrapper for one background job (GET /api/jobs/{id}) and the polling rule the console
 * uses for long operations. Owns the Job type and `jobPercent`; the job list is C2's page.
 */
import { api } from '@/api/client'

/** How far a job got, as `JobOut.progress` reports it (figures are 0 until known). */
export interface JobProgress {
  /** The current stage in Chinese, e.g. 「标准化」「写入线索」. */
  stage: string | null
  rows_read: number | null
  steps_done: number | null
  steps_total: number | null
  leads_written: number | null
  /** 0–1, or null when the worker cannot estimate it. */
  fraction: number | null
}

export interface Job {
  id: number
  kind: string
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | string
  status_label?: string
  title: string
  progress: Partial<JobProgress> | null
  result: Record<string, unknown> | null
  error: string | null
  created_at?: string
  started_at?: string | null
  finished_at?: string | null
}

export const FINISHED = new Set(['succeeded', 'failed', 'cancelled'])
export const POLL_MS = 700

export const getJob = (id: number) => api.get<Job>(`/jobs/${id}`)

/** 0–100 for el-progress: 100 once succeeded; else the job's `progress.fraction` (held at 99
 * until the job says it finished), or steps done of the steps when the worker cannot estimate
 * a fraction; 0 when nothing is known yet. */
export function jobPercent(job: { status: string; progress?: Partial<JobProgress> | null }): number {
  if (job.status === 'succeeded') return 100
  const cap = FINISHED.has(job.status) ? 100 : 99
  const clamp = (value: number): number => Math.max(0, Math.min(cap, Math.round(value * 100)))
  const { fraction, steps_done: done, steps_total: total } = job.progress ?? {}
  if (typeof fraction === 'number' && Number.isFinite(fraction)) return clamp(fraction)
  if (typeof done === 'number' && typeof total === 'number' && total > 0) return clamp(done / total)
  return 0
}

/** What the job is doing, in Chinese. */
export function jobStage(job: Job): string {
  const text = job.progress?.stage
  if (typeof text === 'string' && text) return text
  const labels: Record<string, string> = {
    queued: '排队中',
    running: '运行中',
    succeeded: '已完成',
    failed: '失败',
    cancelled: '已取消',
  }
  return job.status_label ?? labels[job.status] ?? job.status
}
