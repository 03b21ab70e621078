import { describe, expect, it } from 'vitest'
import { ROLE_PERMISSIONS } from '@/stores/permissions'
import { allowedMoves } from '@/views/leads/workflow'

const as = (role: string) => (p: string) => ROLE_PERMISSIONS[role]!.includes(p)

describe('lead workflow buttons', () => {
  it('lets only a leader assign a new lead', () => {
    expect(allowedMoves('new', as('prosecutor'))).toEqual([])
    expect(allowedMoves('new', as('leader')).map((m) => m.to)).toEqual(['assigned'])
  })

  it('offers a prosecutor verification outcomes with what each asks for', () => {
    const moves = allowedMoves('verifying', as('prosecutor'))
    expect(moves.map((m) => m.to)).toEqual(['rejected', 'confirmed'])
    const rejected = moves.find((m) => m.to === 'rejected')!
    expect(rejected.reason && rejected.noteRequired).toBe(true)
    expect(moves.find((m) => m.to === 'confirmed')!.reason).toBe(false)
  })

  it('offers nothing on a finished lead and prefers the API list when given', () => {
    expect(allowedMoves('closed', as('admin'))).toEqual([])
    const fromApi = allowedMoves('case_opened', as('prosecutor'), ['actions_issued', { to: 'closed', label: '办结' }])
    expect(fromApi.map((m) => m.to)).toEqual(['closed'])
  })
  it("takes what each move needs from the API's allowed_moves", () => {
    const moves = allowedMoves('verifying', () => false, [
      { to: 'rejected', label: '核查不属实', needs_reason: true, needs_note: true, reasons: [{ code: 'duplicate', label: '重复线索' }] },
      { to: 'assigned', label: '改派', needs_assignee: true },
    ])
    expect(moves.map((m) => [m.to, m.label])).toEqual([['rejected', '核查不属实'], ['assigned', '改派']])
    expect(moves[0]!.reasons).toEqual([{ code: 'duplicate', label: '重复线索' }])
    expect(moves[1]!.assignee).toBe(true)
  })
})
