import { describe, expect, it } from 'vitest'
import type { ModelCard } from '@/api/pages/publication'
import { percent, reviewable, splitAuthors, stepsDone, submittable } from '@/views/market/publication'

function card(state: string, next: string | null, permission: string | null): ModelCard {
  return { state, next_step: next, next_step_permission: permission } as unknown as ModelCard
}

describe('publication steps', () => {
  it('counts the steps passed', () => {
    expect(stepsDone('draft')).toBe(0)
    expect(stepsDone('returned')).toBe(0)
    expect(stepsDone('submitted')).toBe(1)
    expect(stepsDone('rules_reviewed')).toBe(3)
    expect(stepsDone('published')).toBe(5)
  })

  it('offers a review step only to its permission holders', () => {
    const waiting = card('submitted', 'data_checked', 'market.check_data')
    expect(reviewable(waiting, (p) => p === 'market.check_data')).toBe('data_checked')
    expect(reviewable(waiting, (p) => p === 'market.publish')).toBeNull()
    expect(reviewable(card('published', null, null), () => true)).toBeNull()
    expect(reviewable(card('returned', 'submitted', 'models.submit'), () => true)).toBeNull()
  })

  it('offers submitting a draft or returned model to modellers', () => {
    expect(submittable(card('returned', 'submitted', 'models.submit'), (p) => p === 'models.submit')).toBe(true)
    expect(submittable(card('submitted', 'data_checked', 'market.check_data'), () => true)).toBe(false)
    expect(submittable(card('draft', 'submitted', 'models.submit'), () => false)).toBe(false)
  })

  it('splits authors typed in one box', () => {
    expect(splitAuthors(' 张三，李四、王五, 张三 ')).toEqual(['张三', '李四', '王五'])
    expect(splitAuthors('  ')).toEqual([])
  })

  it('shows a precision', () => {
    expect(percent(0.5)).toBe('50.0%')
    expect(percent(null)).toBe('—')
  })
})
