import { describe, expect, it } from 'vitest'
import type { Highlight } from '@/api/documents'
import { defendantNamed, passageIndex } from '@/views/documents/passages'

const highlights: Highlight[] = [
  { field: 'case_number', label: '案号', start: 12, end: 28 },
  { field: 'name', label: '姓名', start: 40, end: 42, defendant_no: 1 },
  { field: 'person', label: '人员段落', start: 37, end: 90, defendant_no: 1 },
  { field: 'sentence', label: '判项', start: 300, end: 340, defendant_no: 1 },
  { field: 'name', label: '姓名', start: 95, end: 97, defendant_no: 2 },
]

describe('passageIndex', () => {
  it("finds a field's own span for the right defendant", () => {
    expect(passageIndex(highlights, 'name', 2)).toBe(4)
    expect(passageIndex(highlights, 'name', 1)).toBe(1)
    expect(passageIndex(highlights, 'case_number', null)).toBe(0)
  })

  it('falls back to the passage a field was read from, then to the person paragraph', () => {
    expect(passageIndex(highlights, 'term_months', 1)).toBe(3)
    expect(passageIndex(highlights, 'sentence_passage', 1)).toBe(3)
    expect(passageIndex(highlights, 'birth_date', 1)).toBe(2)
    expect(passageIndex(highlights, 'charges', 1)).toBe(2)
  })

  it('reads the issuer as the court of a judgment and finds nothing for an unknown field', () => {
    const court: Highlight[] = [{ field: 'court', label: '法院', start: 0, end: 10 }]
    expect(passageIndex(court, 'issuer', null, 'judgment')).toBe(0)
    expect(passageIndex(court, 'issuer', null, 'indictment')).toBe(-1)
    expect(passageIndex(highlights, 'court', null)).toBe(-1)
    expect(passageIndex(highlights, 'name', null)).toBe(-1)
  })

  it('finds a document field even when a defendant is named, and a defendant without spans has none', () => {
    expect(passageIndex(highlights, 'case_number', 1)).toBe(0)
    expect(passageIndex(highlights, 'term_months', 3)).toBe(-1)
  })
})

describe('defendantNamed', () => {
  const three = { defendants: [{ name: '张＊' }, { name: '李＊＊' }, { name: '李＊＊' }, { name: '王五' }] }

  it('finds the one defendant a (masked) name fits, exactly or across masking styles', () => {
    expect(defendantNamed(three, '张＊')).toBe(1)
    expect(defendantNamed(three, '张*')).toBe(1)
    expect(defendantNamed(three, '张3')).toBe(1)
    expect(defendantNamed(three, '王*')).toBe(4)
  })

  it('answers nothing when no name or several fit, or no hint is given', () => {
    expect(defendantNamed(three, '李**')).toBeNull()
    expect(defendantNamed(three, '赵*')).toBeNull()
    expect(defendantNamed(three, '张')).toBeNull()
    expect(defendantNamed(three, null)).toBeNull()
    expect(defendantNamed({}, '张*')).toBeNull()
  })

  it('tells apart two defendants of one surname by the masked 公民身份号码', () => {
    const two = {
      defendants: [
        { name: '张＊', id_number: '330621＊＊＊＊＊＊＊＊1875' },
        { name: '张＊＊', id_number: '330602＊＊＊＊＊＊＊＊9466' },
      ],
    }
    expect(defendantNamed(two, '张**')).toBeNull()
    expect(defendantNamed(two, '330602********9466')).toBe(2)
    expect(defendantNamed(two, '330621********1875')).toBe(1)
    expect(defendantNamed(two, '330621********0000')).toBeNull()
  })

  it('takes the only defendant of a one-defendant document', () => {
    expect(defendantNamed({ defendants: [{ name: '牟＊＊' }] }, null)).toBe(1)
  })
})
