import { describe, expect, it } from 'vitest'
import { JOB_STATUS_LABELS, canCancel, finished, type Job } from '@/api/pages/jobs'

/** A job as `GET /api/jobs` lists it, with the given status and cancel fields. */
function job(status: Job['status'], extra: Partial<Job> = {}): Job {
  return { id: 7, kind: 'import', status, status_label: JOB_STATUS_LABELS[status], title: '导入', progress: null, result: null, error: null, ...extra }
}

describe('cancelling jobs on the jobs page', () => {
  it('counts a cancelled job as finished, labelled 已取消', () => {
    expect(finished(job('cancelled'))).toBe(true)
    expect(finished(job('running'))).toBe(false)
    expect(JOB_STATUS_LABELS.cancelled).toBe('已取消')
  })

  it('offers 取消 only for a job the user may cancel that has not ended nor been asked to stop', () => {
    expect(canCancel(job('queued', { cancellable: true }))).toBe(true)
    expect(canCancel(job('running', { cancellable: true }))).toBe(true)
    expect(canCancel(job('running', { cancellable: false }))).toBe(false)
    expect(canCancel(job('running', { cancellable: true, cancel_requested: true }))).toBe(false)
    expect(canCancel(job('succeeded', { cancellable: true }))).toBe(false)
    expect(canCancel(job('queued'))).toBe(false)
  })
})
