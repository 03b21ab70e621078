/**
 * What the document page shows of the extracted fields: their Chinese names (by document
 * type where the name differs), their values as a prosecutor reads them, and which fields belong
 * to the document and which to each defendant. Pure; which passage a field points to is
 * passages.ts'.
 */
import type { DocumentFields } from '@/api/documents'
import { shownValue } from '@/components/masking'

/** Document fields, in the order shown. */
const DOCUMENT_ORDER = [
  'doc_type_label', 'case_number', 'court', 'procedure', 'prosecutor_office', 'investigating_agency',
  'indictment_number', 'police_number', 'doc_date', 'judgment_date',
]
/** Defendant fields, in the order shown. */
const PERSON_ORDER = [
  'name', 'unit', 'sex', 'birth_date', 'id_number', 'measures', 'custody_start', 'detained_before_judgment',
  'charges', 'amount_yuan', 'principal_penalty', 'term_months', 'term_days', 'probation_months',
  'fine_yuan', 'recidivist', 'term_start', 'term_end', 'rec_penalty', 'rec_term_min', 'rec_term_max',
  'rec_probation', 'rec_fine_yuan',
]
const NOT_SHOWN = new Set(['id', 'doc_type', 'spans', 'defendants', 'warnings', 'error'])

const LABELS: Record<string, string> = {
  document_id: '文书编号', doc_type_label: '文书类型', case_number: '文号', issuer: '制作机关',
  doc_date: '文书日期', judgment_date: '判决日期', court: '法院', procedure: '审理程序',
  prosecutor_office: '检察院', indictment_number: '起诉书文号', investigating_agency: '侦查机关',
  police_number: '起诉意见书文号', defendant_no: '人员序号', name: '姓名', unit: '被告单位', sex: '性别',
  birth_date: '出生日期', id_number: '公民身份号码', measures: '强制措施', last_measure: '最后强制措施',
  custody_start: '首次羁押日期', detained_before_judgment: '在押', detained: '在押', charges: '罪名',
  amount_yuan: '涉案金额', principal_penalty: '主刑', term_months: '刑期月数', term_days: '刑期余日',
  probation_months: '缓刑考验期月数', fine_yuan: '罚金', recidivist: '累犯', term_start: '刑期起始日期',
  term_end: '刑期届满日期', rec_penalty: '建议主刑', rec_term_min: '建议刑期下限月数',
  rec_term_max: '建议刑期上限月数', rec_probation: '建议缓刑', rec_fine_yuan: '建议罚金',
  person: '人员段落', sentence: '判项', recommendation: '量刑建议',
}
/** Names that depend on the document type. */
const TYPE_LABELS: Record<string, Record<string, string>> = {
  judgment: { case_number: '案号', court: '审判法院', prosecutor_office: '公诉机关' },
  indictment: { court: '受理法院', prosecutor_office: '起诉机关' },
  police_recommendation: { prosecutor_office: '移送检察院', investigating_agency: '侦查机关' },
}
const PROCEDURES: Record<string, string> = { first_instance: '一审', second_instance: '二审', retrial: '再审' }
const MONEY = new Set(['amount_yuan', 'fine_yuan', 'rec_fine_yuan'])

export function fieldLabel(field: string, docType?: string): string {
  return (docType && TYPE_LABELS[docType]?.[field]) ?? LABELS[field] ?? field
}

/** A field's value as text: 一审/二审, `2019-01-02 刑事拘留；…`, `5000 元`, 是/否, —. */
export function fieldValue(field: string, value: unknown): string {
  if (field === 'procedure' && typeof value === 'string') return PROCEDURES[value] ?? value
  if (field === 'measures' && Array.isArray(value)) {
    const parts = value.map((m: { type?: unknown; date?: unknown }) =>
      [m?.date ?? '日期不详', m?.type ?? ''].join(' ').trim(),
    )
    return parts.length ? parts.join('；') : '—'
  }
  if (MONEY.has(field) && typeof value === 'number') return `${value.toLocaleString('zh-CN')} 元`
  if (Array.isArray(value) && value.length === 0) return '—'
  return shownValue(value)
}

export interface FieldItem {
  field: string
  label: string
  value: string
}

function ordered(values: Record<string, unknown>, order: string[], docType?: string): FieldItem[] {
  const keys = Object.keys(values).filter((k) => !NOT_SHOWN.has(k))
  const known = order.filter((k) => keys.includes(k))
  const rest = keys.filter((k) => !order.includes(k) && !isObject(values[k]))
  return [...known, ...rest].map((field) => ({
    field,
    label: fieldLabel(field, docType),
    value: fieldValue(field, values[field]),
  }))
}

function isObject(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

export function documentItems(fields: DocumentFields, docType?: string): FieldItem[] {
  return ordered(fields, DOCUMENT_ORDER, docType)
}

/** Each defendant's fields (1-based number, name, items). */
export function defendantItems(
  fields: DocumentFields,
  docType?: string,
): { no: number; name: string; items: FieldItem[] }[] {
  const people = Array.isArray(fields.defendants) ? fields.defendants : []
  return people.filter(isObject).map((person: Record<string, unknown>, i) => ({
    no: i + 1,
    name: typeof person.name === 'string' && person.name ? person.name : `被告人${i + 1}`,
    items: ordered(person, PERSON_ORDER, docType),
  }))
}

export function warnings(fields: DocumentFields): string[] {
  return Array.isArray(fields.warnings) ? fields.warnings.map(String) : []
}
