import { describe, expect, it } from 'vitest'
import { isMasked, shownValue } from '@/components/masking'
import { passwordProblem } from '@/views/auth/password'

describe('masked display', () => {
  it('recognises masked values and shows empty ones as a dash', () => {
    expect(isMasked('330120********545X')).toBe(true)
    expect(isMasked('方**')).toBe(true)
    expect(isMasked('张＊＊')).toBe(true)
    expect(isMasked('杭州市')).toBe(false)
    expect(isMasked('单价*2')).toBe(false)
    expect(isMasked(12)).toBe(false)
    expect(shownValue(null)).toBe('—')
    expect(shownValue(true)).toBe('是')
    expect(shownValue(['行贿罪', '单位行贿罪'])).toBe('行贿罪、单位行贿罪')
  })
})

describe('password rules', () => {
  it("says what is wrong with a new password as the API's rules do", () => {
    expect(passwordProblem('Short1!', 'li', 'old')).toBe('新密码至少 10 位')
    expect(passwordProblem('alllowercase', 'li', 'old')).toContain('至少三类')
    expect(passwordProblem('Abcdefgh12', 'Abcdefgh12', 'old')).toBe('新密码不能与用户名相同')
    expect(passwordProblem('Abcdefgh12', 'li', 'Abcdefgh12')).toBe('新密码不能与原密码相同')
    expect(passwordProblem('Abcdefgh12', 'li', 'old')).toBeNull()
  })
})
