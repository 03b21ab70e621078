import { describe, expect, it } from 'vitest'
import { jobPercent, jobStage, type Job, type JobProgress } from '@/api/jobs'

/** A job as `GET /api/jobs/{id}` answers it (JobOut), with the given status and progress. */
function job(status: string, progress: Partial<JobProgress> = {}): Job {
  return {
    id: 1,
    kind: 'run',
    status,
    title: '运行模型',
    progress: { stage: null, rows_read: 0, steps_done: 0, steps_total: 0, leads_written: 0, fraction: null, ...progress },
    result: null,
    error: null,
  }
}

describe('jobPercent', () => {
  it("reads the job's progress.fraction", () => {
    expect(jobPercent(job('running', { fraction: 0.25 }))).toBe(25)
    expect(jobPercent(job('running', { fraction: 0.666 }))).toBe(67)
    expect(jobPercent(job('running', { fraction: 0, steps_done: 3, steps_total: 4 }))).toBe(0)
  })

  it('shows 100 only once the job succeeded', () => {
    expect(jobPercent(job('running', { fraction: 1 }))).toBe(99)
    expect(jobPercent(job('succeeded', { fraction: 0.5 }))).toBe(100)
    expect(jobPercent(job('failed', { fraction: 1 }))).toBe(100)
    expect(jobPercent(job('failed', { fraction: 0.4 }))).toBe(40)
  })

  it('keeps a fraction out of range within the bar', () => {
    expect(jobPercent(job('running', { fraction: 1.7 }))).toBe(99)
    expect(jobPercent(job('running', { fraction: -0.2 }))).toBe(0)
  })

  it('falls back to steps done when no fraction is known, else 0', () => {
    expect(jobPercent(job('running', { steps_done: 1, steps_total: 4 }))).toBe(25)
    expect(jobPercent(job('running', { rows_read: 5000 }))).toBe(0)
    expect(jobPercent(job('queued'))).toBe(0)
    expect(jobPercent({ status: 'queued', progress: null })).toBe(0)
  })
})

describe('jobStage', () => {
  it("names the worker's stage, else the status in Chinese", () => {
    expect(jobStage(job('running', { stage: '写入线索' }))).toBe('写入线索')
    expect(jobStage(job('queued'))).toBe('排队中')
    expect(jobStage({ ...job('running'), status_label: '运行中' })).toBe('运行中')
  })
})
