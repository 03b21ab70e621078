/**
 * Cutting a document's text into segments for highlighting: given the text and spans
 * (`[start, end)` in characters as Python counts them — code points), every boundary of every
 * span starts a new segment, and each segment lists the spans covering it, outermost first, so
 * that overlapping or nested spans render as properly nested marks. Spans outside the text,
 * empty or reversed are ignored. Pure: no DOM, no HTML — segments carry plain text only.
 */

export interface Span {
  start: number
  end: number
}

export interface Segment {
  /** The segment's text (plain text, never markup). */
  text: string
  /** Offsets in UTF-16 units of the JavaScript string. */
  from: number
  to: number
  /** Indices into the given spans covering this segment, outermost (longest) first. */
  marks: number[]
}

/** A function from a code-point offset to the UTF-16 offset of the same place in `text`
 * (they differ after a character outside the BMP, such as a rare 汉字 in a name). */
export function codeUnitOffsets(text: string): (codePoint: number) => number | null {
  const units: number[] = []
  let unit = 0
  for (const char of text) {
    units.push(unit)
    unit += char.length
  }
  units.push(unit)
  return (codePoint) =>
    Number.isInteger(codePoint) && codePoint >= 0 && codePoint < units.length ? units[codePoint]! : null
}

interface Placed {
  index: number
  from: number
  to: number
}

/** The spans that fall inside the text, in UTF-16 offsets. */
function placed(text: string, spans: readonly Span[]): Placed[] {
  const unitOf = codeUnitOffsets(text)
  const found: Placed[] = []
  spans.forEach((span, index) => {
    const from = unitOf(span.start)
    const to = unitOf(span.end)
    if (from === null || to === null || from >= to) return
    found.push({ index, from, to })
  })
  return found
}

/** `text` cut at every span boundary; segments cover the whole text, in order. */
export function splitHighlights(text: string, spans: readonly Span[]): Segment[] {
  const valid = placed(text, spans)
  const cuts = new Set<number>([0, text.length])
  for (const span of valid) {
    cuts.add(span.from)
    cuts.add(span.to)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!
    const to = points[i + 1]!
    const marks = valid
      .filter((span) => span.from <= from && span.to >= to)
      .sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from || a.index - b.index)
      .map((span) => span.index)
    segments.push({ text: text.slice(from, to), from, to, marks })
  }
  return segments
}

/** A CSS class part for a field name: letters, digits, `_` and `-` only. */
export function markClass(field: string): string {
  return `hl-${field.replace(/[^A-Za-z0-9_-]/g, '_') || 'field'}`
}
