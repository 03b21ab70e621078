/**
 * Typed wrappers for schedules (定时运行): GET, POST /api/schedules and DELETE
 * /api/schedules/{id}. Owns the Schedule types only; must not know any page.
 */
import { api } from '@/api/client'

/** `ScheduleOut`: one schedule as the API lists it (times in China time, ISO). */
export interface Schedule {
  id: number
  model: string
  model_name: string
  /** Code of the office whose adoption it runs. */
  office: string | null
  office_name: string | null
  /** Five fields (分 时 日 月 周); null: only on a new version of an input (即时). */
  cron: string | null
  timezone: string
  on_new_version: boolean
  incremental: boolean
  enabled: boolean
  next_run_at: string | null
  last_enqueued_at: string | null
  last_job_id: number | null
  created_by: string
  created_at: string | null
}

/** `ScheduleForm`: at least one of `cron` and `on_new_version`. */
export interface ScheduleForm {
  model: string
  cron?: string | null
  timezone?: string
  on_new_version?: boolean
  incremental?: boolean
}

export function listSchedules(): Promise<Schedule[]> {
  return api.get<Schedule[]>('/schedules')
}

/** Make a schedule of `org`'s adoption of the model (none: the only one, or the user's own). */
export function createSchedule(form: ScheduleForm, org?: string | null): Promise<Schedule> {
  return api.post<Schedule>('/schedules', form, org ? { org } : {})
}

export function deleteSchedule(id: number): Promise<Schedule> {
  return api.delete<Schedule>(`/schedules/${id}`)
}
