import { describe, expect, it } from 'vitest'
import { codeUnitOffsets, markClass, splitHighlights, type Segment } from '@/views/documents/highlights'

/** Each segment as `text[marks]`, to compare whole cuttings at a glance. */
function shape(segments: Segment[]): string[] {
  return segments.map((s) => `${s.text}[${s.marks.join(',')}]`)
}

describe('splitHighlights', () => {
  it('leaves a text without spans as one unmarked segment', () => {
    expect(shape(splitHighlights('被告人张3犯诈骗罪', []))).toEqual(['被告人张3犯诈骗罪[]'])
  })

  it('cuts around disjoint spans and keeps every character once, in order', () => {
    const text = '被告人张3，女。被告人犯诈骗罪。'
    const spans = [
      { start: 3, end: 5 },
      { start: text.indexOf('诈骗罪'), end: text.indexOf('诈骗罪') + 3 },
    ]
    const segments = splitHighlights(text, spans)
    expect(shape(segments)).toEqual(['被告人[]', '张3[0]', '，女。被告人犯[]', '诈骗罪[1]', '。[]'])
    expect(segments.map((s) => s.text).join('')).toBe(text)
    expect(segments.every((s, i) => i === 0 || s.from === segments[i - 1]!.to)).toBe(true)
  })

  it('nests a span inside a longer one, outermost first', () => {
    // the defendant paragraph (0..8) holds the name (3..5)
    const spans = [
      { start: 3, end: 5 },
      { start: 0, end: 8 },
    ]
    expect(shape(splitHighlights('被告人张3，女，汉族', spans))).toEqual([
      '被告人[1]',
      '张3[1,0]',
      '，女，[1]',
      '汉族[]',
    ])
  })

  it('splits spans that cross each other so that every piece nests safely', () => {
    const spans = [
      { start: 0, end: 4 },
      { start: 2, end: 7 },
    ]
    expect(shape(splitHighlights('abcdefgh', spans))).toEqual(['ab[0]', 'cd[1,0]', 'efg[1]', 'h[]'])
  })

  it('puts the longer of two spans outside when both cover a piece, whatever their order', () => {
    const a = splitHighlights('0123456789', [
      { start: 2, end: 4 },
      { start: 0, end: 9 },
      { start: 2, end: 6 },
    ])
    expect(a.find((s) => s.text === '23')!.marks).toEqual([1, 2, 0])
  })

  it('marks identical spans both, in the order given', () => {
    const segments = splitHighlights('判处有期徒刑一年', [
      { start: 2, end: 6 },
      { start: 2, end: 6 },
    ])
    expect(shape(segments)).toEqual(['判处[]', '有期徒刑[0,1]', '一年[]'])
  })

  it('ignores spans outside the text, empty, reversed or not whole numbers', () => {
    const text = '刑事判决书'
    const spans = [
      { start: -1, end: 2 },
      { start: 3, end: 6 },
      { start: 2, end: 2 },
      { start: 4, end: 1 },
      { start: 1.5, end: 3 },
      { start: Number.NaN, end: 3 },
      { start: 0, end: 2 },
    ]
    expect(shape(splitHighlights(text, spans))).toEqual(['刑事[6]', '判决书[]'])
  })

  it('accepts a span ending exactly at the end of the text', () => {
    expect(shape(splitHighlights('此致', [{ start: 0, end: 2 }]))).toEqual(['此致[0]'])
  })

  it('counts offsets in characters (code points), as the extractor does', () => {
    // 𠮷 is one character but two UTF-16 units: the name after it must still be marked whole
    const text = '被告人𠮷某，被告人王五'
    const segments = splitHighlights(text, [
      { start: 3, end: 5 },
      { start: 9, end: 11 },
    ])
    expect(shape(segments)).toEqual(['被告人[]', '𠮷某[0]', '，被告人[]', '王五[1]'])
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })

  it('keeps text that looks like HTML as plain text in the segments', () => {
    const text = '<img src=x onerror=alert(1)>被告人<b>李四</b>'
    const at = text.indexOf('<b>')
    const segments = splitHighlights(text, [{ start: at, end: at + 9 }])
    expect(segments.map((s) => s.text)).toEqual(['<img src=x onerror=alert(1)>被告人', '<b>李四</b>'])
    expect(segments[1]!.marks).toEqual([0])
  })

  it('gives no segment for an empty text', () => {
    expect(splitHighlights('', [{ start: 0, end: 1 }])).toEqual([])
  })
})

describe('codeUnitOffsets', () => {
  it('maps code points to UTF-16 units and refuses offsets past the end', () => {
    const unitOf = codeUnitOffsets('a𠮷b')
    expect([0, 1, 2, 3].map(unitOf)).toEqual([0, 1, 3, 4])
    expect(unitOf(4)).toBeNull()
    expect(unitOf(-1)).toBeNull()
  })
})

describe('markClass', () => {
  it('keeps field names usable as a class and strips anything else', () => {
    expect(markClass('case_number')).toBe('hl-case_number')
    expect(markClass('x" onclick="y')).toBe('hl-x__onclick__y')
    expect(markClass('')).toBe('hl-field')
  })
})
