/**
 * Which workflow steps the lead page offers: from the lead's state and the user's permissions
 * (mirroring jiancha.leads.workflow TRANSITIONS and TRANSITION_PERMISSIONS), or the API's own
 * `allowed_moves` when the lead carries them; and what each step asks for (assignee, reason,
 * note). Pure rules; the API stays the authority.
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

const TRANSITIONS: Record<string, string[]> = {
  new: ['assigned'],
  assigned: ['assigned', 'verifying'],
  verifying: ['assigned', 'rejected', 'confirmed'],
  rejected: [],
  confirmed: ['case_opened'],
  case_opened: [],
  actions_issued: [],
  feedback_received: ['closed'],
  closed: [],
}
// case_opened → actions_issued and actions_issued → feedback_received happen by issuing an
// action and recording feedback (their own forms), not by a plain move.

const NEEDS: Record<string, string> = {
  'new>assigned': 'leads.assign',
  'assigned>assigned': 'leads.assign',
  'verifying>assigned': 'leads.assign',
}

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

export function choice(from: string, to: string, label?: string): MoveChoice {
  return {
    to,
    label: label ?? (to === 'assigned' && from !== 'new' ? '改派' : (LABELS[to] ?? to)),
    assignee: to === 'assigned',
    reason: to === 'rejected',
    noteRequired: to === 'rejected' || to === 'confirmed' || to === 'closed',
    type: TYPES[to] ?? 'default',
  }
}

function fromApiMove(from: string, move: ApiMove): MoveChoice {
  const base = choice(from, move.to, move.label)
  // the API's button label is the target state's name; the console says what the step does
  if (LABELS[move.to] && move.label !== '改派') base.label = choice(from, move.to).label
  return {
    ...base,
    assignee: move.needs_assignee ?? base.assignee,
    reason: move.needs_reason ?? base.reason,
    noteRequired: move.needs_note ?? base.noteRequired,
    reasons: move.reasons,
  }
}

export function allowedMoves(
  status: string,
  can: (permission: string) => boolean,
  fromApi?: Array<string | ApiMove>,
): MoveChoice[] {
  if (fromApi) {
    return fromApi
      .map((item) => (typeof item === 'string' ? { to: item } : item))
      .filter((item) => item.to !== 'actions_issued' && item.to !== 'feedback_received')
      .map((item) => fromApiMove(status, item))
  }
  return (TRANSITIONS[status] ?? [])
    .filter((to) => can(NEEDS[`${status}>${to}`] ?? 'leads.handle'))
    .map((to) => choice(status, to))
}

/** States in which supervision actions may be issued (after the case is opened). */
export const ACTION_STATES = new Set(['case_opened', 'actions_issued', 'feedback_received'])
/** States in which feedback may be recorded on an issued action. */
export const FEEDBACK_STATES = new Set(['actions_issued', 'feedback_received'])
/** States in which the lead has been verified true (a draft for it needs no 尚未核查 reminder). */
export const VERIFIED_STATES = new Set([
  'confirmed',
  'case_opened',
  'actions_issued',
  'feedback_received',
  'closed',
])
