import { describe, expect, it } from 'vitest'
import { moveChoices } from '@/views/leads/workflow'

describe('lead workflow buttons', () => {
  it('offers nothing when the API offers nothing', () => {
    expect(moveChoices('new')).toEqual([])
    expect(moveChoices('verifying', [])).toEqual([])
  })

  it('offers exactly the moves the API lists, in its order, whatever the state', () => {
    const moves = moveChoices('new', [{ to: 'closed', label: '已办结' }, { to: 'verifying', label: '核查中' }])
    expect(moves.map((m) => m.to)).toEqual(['closed', 'verifying'])
  })

  it('leaves to their own forms the steps taken by issuing an action or recording feedback', () => {
    const moves = moveChoices('case_opened', ['actions_issued', 'feedback_received', { to: 'closed', label: '已办结' }])
    expect(moves.map((m) => m.to)).toEqual(['closed'])
  })

  it('says what each step does rather than the state it leads to', () => {
    const offered = [
      { to: 'assigned', label: '已分派', needs_assignee: true },
      { to: 'confirmed', label: '核查属实', needs_note: true },
      { to: 'case_opened', label: '已成案' },
    ]
    expect(moveChoices('new', offered.slice(0, 1))[0]!.label).toBe('分派')
    expect(moveChoices('verifying', offered).map((m) => m.label)).toEqual(['改派', '核查属实', '成案'])
    expect(moveChoices('assigned', [{ to: 'assigned', label: '改派' }])[0]!.label).toBe('改派')
    expect(moveChoices('x', [{ to: 'unknown_state', label: '新步骤' }])[0]!.label).toBe('新步骤')
  })

  it("takes what each move's dialog asks for from the API's allowed_moves", () => {
    const moves = moveChoices('verifying', [
      { to: 'rejected', label: '核查不属实', needs_reason: true, needs_note: true, reasons: [{ code: 'duplicate', label: '重复线索' }] },
      { to: 'assigned', label: '改派', needs_assignee: true },
      { to: 'confirmed', label: '核查属实', needs_note: false },
    ])
    expect(moves.map((m) => [m.to, m.label])).toEqual([['rejected', '核查不属实'], ['assigned', '改派'], ['confirmed', '核查属实']])
    expect(moves[0]!.reasons).toEqual([{ code: 'duplicate', label: '重复线索' }])
    expect(moves[0]!.reason && moves[0]!.noteRequired).toBe(true)
    expect(moves[1]!.assignee).toBe(true)
    expect(moves[2]!.noteRequired).toBe(false)
  })

  it('asks by default for what the step needs when the API names only the target', () => {
    const [rejected, confirmed, verifying] = moveChoices('verifying', ['rejected', 'confirmed', 'verifying'])
    expect([rejected!.reason, rejected!.noteRequired, rejected!.type]).toEqual([true, true, 'danger'])
    expect([confirmed!.reason, confirmed!.noteRequired, confirmed!.assignee]).toEqual([false, true, false])
    expect(verifying!.noteRequired).toBe(false)
  })
})
