/**
 * Placing problems at the fields they concern: a problem's dotted path (`steps.3.filter.all.1.right`,
 * also the bracket form `steps[3].filter`) goes to the field whose key is its longest prefix;
 * what no field claims is listed at the top of the page. And the highlighting of a problem's
 * `part` in a text. Pure; must not call the API.
 */
import type { Problem } from '@/api/pages/builder'

/** `steps[3].filter` → `steps.3.filter`; surrounding dots dropped. */
export function normalizePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '')
}

export interface Placed {
  at: Record<string, Problem[]>
  unplaced: Problem[]
}

/** Each problem at the longest key that is its path or a prefix of it (by whole segments). */
export function placeProblems(problems: Problem[], keys: Iterable<string>): Placed {
  const known = new Set(keys)
  const placed: Placed = { at: {}, unplaced: [] }
  for (const problem of problems) {
    let path = normalizePath(problem.path ?? '')
    let key: string | null = null
    while (path) {
      if (known.has(path)) {
        key = path
        break
      }
      const cut = path.lastIndexOf('.')
      path = cut < 0 ? '' : path.slice(0, cut)
    }
    if (key === null) placed.unplaced.push(problem)
    else (placed.at[key] ??= []).push(problem)
  }
  return placed
}

export interface Segment {
  text: string
  mark: boolean
}

/** The text cut into pieces, the first occurrence of `part` marked. */
export function highlight(text: string, part?: string | null): Segment[] {
  const at = part ? text.indexOf(part) : -1
  if (!part || at < 0) return text ? [{ text, mark: false }] : []
  const pieces: Segment[] = [
    { text: text.slice(0, at), mark: false },
    { text: part, mark: true },
    { text: text.slice(at + part.length), mark: false },
  ]
  return pieces.filter((piece) => piece.text)
}
