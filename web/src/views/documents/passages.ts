/**
 * Which highlighted passage a field points to: its own span, else the passage it was read from
 * (刑期 → the defendant's 判项, 出生日期 → the defendant's paragraph), dataset column names
 * (`sentence_passage`, `issuer`) included so that a lead's evidence can point here; and which
 * defendant a (masked) name from a lead means. Pure.
 */
import type { DocumentFields, Highlight } from '@/api/documents'

/** The passage a field was read from when it has no span of its own. */
const PASSAGE_OF: Record<string, string> = {
  person_passage: 'person', charge_passage: 'charges', sentence_passage: 'sentence',
  recommendation_passage: 'recommendation', sex: 'person', birth_date: 'person',
  id_number: 'person', measures: 'person', last_measure: 'person', custody_start: 'person',
  detained_before_judgment: 'person', detained: 'person', amount_yuan: 'person',
  principal_penalty: 'sentence', term_months: 'sentence', term_days: 'sentence',
  probation_months: 'sentence', fine_yuan: 'sentence', recidivist: 'person',
  term_start: 'sentence', term_end: 'sentence', rec_penalty: 'recommendation',
  rec_term_min: 'recommendation', rec_term_max: 'recommendation',
  rec_probation: 'recommendation', rec_fine_yuan: 'recommendation', judgment_date: 'doc_date',
  doc_date: 'judgment_date', doc_type_label: 'case_number',
}
/** Who issued the document, by type (the dataset column 制作机关). */
const ISSUER: Record<string, string> = {
  judgment: 'court', indictment: 'prosecutor_office', police_recommendation: 'investigating_agency',
}

/** The index in `highlights` of the passage for `field` (of defendant `defendant`, 1-based;
 * none for a document field), or -1: the field's own span, else the passage it was read from,
 * else (for a defendant) the defendant's paragraph. Dataset column names (`sentence_passage`,
 * `issuer`) are understood too, so that a lead's evidence can point here. */
export function passageIndex(
  highlights: readonly Highlight[],
  field: string,
  defendant?: number | null,
  docType?: string,
): number {
  const person = defendant ?? null
  const find = (name: string, no: number | null) =>
    highlights.findIndex((h) => h.field === name && (h.defendant_no ?? null) === no)
  const related = field === 'issuer' && docType ? ISSUER[docType] : PASSAGE_OF[field]
  for (const name of [field, related]) {
    if (!name) continue
    const own = person === null ? -1 : find(name, person)
    if (own >= 0) return own
    const general = find(name, null) // a document field, whoever was asked about
    if (general >= 0) return general
  }
  return person === null ? -1 : find('person', person)
}

const STARS = /[*＊]+/

/** A masked value as a pattern: each run of stars stands for one or more characters (a lead
 * masks a name as `张**` whatever its length, a document as `张＊`); null when not masked. */
function pattern(hint: string): RegExp | null {
  if (!STARS.test(hint)) return null
  const parts = hint.split(STARS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.+')}$`, 'u')
}

/** The 1-based number of the defendant a lead's hint (公民身份号码 or name, usually masked)
 * means: an exact match first, then one the mask fits; null when none or several fit. A
 * document with one defendant answers 1 whatever the hint. */
export function defendantNamed(fields: DocumentFields, hint: string | null | undefined): number | null {
  const people = Array.isArray(fields.defendants) ? fields.defendants : []
  if (people.length === 1) return 1
  if (!hint) return null
  const values = people.map((p: Record<string, unknown> | null) =>
    [p?.id_number, p?.name].filter((v): v is string => typeof v === 'string' && v !== ''),
  )
  const masked = pattern(hint)
  const tests = [(v: string) => v === hint, (v: string) => !!masked?.test(v) || !!pattern(v)?.test(hint)]
  for (const fits of tests) {
    const found = values.flatMap((own, i) => (own.some(fits) ? [i + 1] : []))
    if (found.length === 1) return found[0]!
    if (found.length > 1) return null
  }
  return null
}
