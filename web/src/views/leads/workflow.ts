/**
 * How the lead page shows the workflow steps the API offers (`allowed_moves` of
 * GET /api/leads/{id}): each step's button label and colour, and what its dialog asks for
 * (assignee, reason, note). Pure display helpers: which step is allowed is the API's answer
 * alone (jiancha.leads.allowed); nothing here decides it.
 */
import type { ApiMove } from '@/api/leads'

export interface MoveChoice {
  to: string
  label: string
  /** Asks for an assignee (分派). */
  assignee: boolean
  /** Asks for a rejection reason code (核查不属实). */
  reason: boolean
  /** A note is required. */
  noteRequired: boolean
  type: 'primary' | 'success' | 'warning' | 'danger' | 'default'
  /** Reason codes offered (核查不属实), when the API lists them. */
  reasons?: Array<{ code: string; label: string }>
}

/** What the step does (the API labels a step by the state it leads to). */
const LABELS: Record<string, string> = {
  assigned: '分派',
  verifying: '开始核查',
  confirmed: '核查属实',
  rejected: '核查不属实',
  case_opened: '成案',
  closed: '办结',
}

const TYPES: Record<string, MoveChoice['type']> = {
  confirmed: 'success',
  rejected: 'danger',
  case_opened: 'primary',
  verifying: 'primary',
  closed: 'warning',
}

/** Reached through their own forms (制发监督文书, 登记整改反馈), not through a move button. */
const OWN_FORM = new Set(['actions_issued', 'feedback_received'])

function label(from: string, move: ApiMove): string {
  if (move.to === 'assigned' && (from !== 'new' || move.label === '改派')) return '改派'
  return LABELS[move.to] ?? move.label ?? move.to
}

/** One offered move as a button and its dialog; the API's `needs_*` win over the defaults. */
export function choice(from: string, move: ApiMove): MoveChoice {
  return {
    to: move.to,
    label: label(from, move),
    assignee: move.needs_assignee ?? move.to === 'assigned',
    reason: move.needs_reason ?? move.to === 'rejected',
    noteRequired: move.needs_note ?? ['rejected', 'confirmed', 'closed'].includes(move.to),
    type: TYPES[move.to] ?? 'default',
    reasons: move.reasons,
  }
}

/** The buttons for the moves the API offers on a lead in `status`: none when it offers none. */
export function moveChoices(status: string, offered: Array<string | ApiMove> = []): MoveChoice[] {
  return offered
    .map((item) => (typeof item === 'string' ? { to: item } : item))
    .filter((item) => !OWN_FORM.has(item.to))
    .map((item) => choice(status, item))
}

/** States in which feedback may be recorded on an issued action (the button's display only). */
export const FEEDBACK_STATES = new Set(['actions_issued', 'feedback_received'])
/** States in which the lead has been verified true (a draft for it needs no 尚未核查 reminder). */
export const VERIFIED_STATES = new Set([
  'confirmed',
  'case_opened',
  'actions_issued',
  'feedback_received',
  'closed',
])
