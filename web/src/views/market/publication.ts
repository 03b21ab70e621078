/**
 * The publication's steps as the console shows them (pure, unit-tested): the five steps in
 * order, how far a model in a state has come, which step a person may take on a card, and the
 * authors typed in one box. Owns these helpers only; the API stays the authority.
 */
import type { ModelCard, ReviewStep, Step } from '@/api/pages/publication'

export const STEPS: { step: Step; label: string }[] = [
  { step: 'submitted', label: '征集' },
  { step: 'data_checked', label: '数据核查' },
  { step: 'rules_reviewed', label: '规则研判' },
  { step: 'cross_validated', label: '异地验证' },
  { step: 'published', label: '冠名上架' },
]

const REVIEW: ReadonlySet<string> = new Set(['data_checked', 'rules_reviewed', 'cross_validated', 'published'])

/** How many of the five steps a model in `state` has passed (0 for 在建 or 已退回). */
export function stepsDone(state: string): number {
  const index = STEPS.findIndex((s) => s.step === state)
  return index < 0 ? 0 : index + 1
}

export function isReviewStep(step: string | null | undefined): step is ReviewStep {
  return !!step && REVIEW.has(step)
}

/** The review step the person may take on this card now, or null. */
export function reviewable(card: ModelCard, can: (permission?: string | null) => boolean): ReviewStep | null {
  const step = card.next_step
  return isReviewStep(step) && can(card.next_step_permission) ? step : null
}

/** Whether the card may be submitted (again) by a person holding `models.submit`. */
export function submittable(card: ModelCard, can: (permission?: string | null) => boolean): boolean {
  return card.next_step === 'submitted' && can('models.submit')
}

/** Names typed in one box, split on commas (，、,) and spaces, without duplicates. */
export function splitAuthors(text: string): string[] {
  const names = text
    .split(/[,，、;；\s]+/)
    .map((name) => name.trim())
    .filter(Boolean)
  return [...new Set(names)]
}

/** A precision as a percentage, or a dash. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`
}
