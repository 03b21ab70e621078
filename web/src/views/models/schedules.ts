/**
 * What the 定时运行 section of a model page shows and sends: the Chinese presets, a cron
 * expression described in Chinese (the cronstrue library), when a schedule fires, which
 * schedules belong to the adoption shown, who may remove one, and the form turned into the
 * API's `ScheduleForm`. Pure helpers; must not call the API (the API alone says whether an
 * expression is valid).
 */
import cronstrue from 'cronstrue'
import 'cronstrue/locales/zh_CN'
import type { Schedule, ScheduleForm } from '@/api/pages/schedules'

export interface Preset {
  /** The radio's value. */
  key: string
  label: string
  /** The cron expression; null for 自定义 (typed) and 不定时 (即时 only). */
  cron: string | null
}

export const CUSTOM = 'custom'
export const NO_TIMES = 'none'

export const PRESETS: Preset[] = [
  { key: 'daily', label: '每天 2:00', cron: '0 2 * * *' },
  { key: 'weekly', label: '每周一 3:00', cron: '0 3 * * 1' },
  { key: 'monthly', label: '每月 1 日 2:00', cron: '0 2 1 * *' },
  { key: CUSTOM, label: '自定义', cron: null },
  { key: NO_TIMES, label: '不定时', cron: null },
]

export const ON_NEW_VERSION = '即时（输入数据有新版本时）'

/** The expression in Chinese (「在02:00, 仅星期一」), or null when it cannot be read here. */
export function describeCron(cron: string | null | undefined): string | null {
  const text = (cron ?? '').trim()
  if (!text) return null
  try {
    return cronstrue.toString(text, { locale: 'zh_CN', use24HourTimeFormat: true, verbose: false })
  } catch {
    return null
  }
}

/** When a schedule runs, in Chinese: its times described, and/or 即时. */
export function whenText(schedule: Pick<Schedule, 'cron' | 'on_new_version'>): string {
  const parts: string[] = []
  if (schedule.cron) parts.push(describeCron(schedule.cron) ?? schedule.cron)
  if (schedule.on_new_version) parts.push(ON_NEW_VERSION)
  return parts.join('；') || '—'
}

/** The schedules of one adoption: the model `slug` adopted by office `org` (null: any). */
export function ofAdoption(all: Schedule[], slug: string, org: string | null | undefined): Schedule[] {
  return all.filter((s) => s.model === slug && (!org || s.office === org))
}

/** Whether the user may remove it, as the API decides: its creator or a system administrator
 * (the API also checks the administrator's office). */
export function mayDelete(
  schedule: Pick<Schedule, 'created_by'>,
  user: { username: string; role: string } | null,
): boolean {
  return !!user && (schedule.created_by === user.username || user.role === 'admin')
}

export interface ScheduleDraft {
  preset: string
  cron: string
  onNewVersion: boolean
  incremental: boolean
}

export function blankDraft(): ScheduleDraft {
  return { preset: PRESETS[0]!.key, cron: '', onNewVersion: false, incremental: false }
}

/** The cron expression the draft means (null: none). */
export function draftCron(draft: ScheduleDraft): string | null {
  if (draft.preset === NO_TIMES) return null
  if (draft.preset === CUSTOM) return draft.cron.trim() || null
  return PRESETS.find((p) => p.key === draft.preset)?.cron ?? null
}

/** The request for model `slug`, or a Chinese message saying what is missing. */
export function toForm(slug: string, draft: ScheduleDraft): ScheduleForm | string {
  const cron = draftCron(draft)
  if (draft.preset === CUSTOM && !cron) return '请填写定时表达式'
  if (!cron && !draft.onNewVersion) return '请选择运行时间，或勾选“即时”'
  return { model: slug, cron, on_new_version: draft.onNewVersion, incremental: draft.incremental }
}
