/**
 * From a lead's evidence to the documents it came from: each evidence field that is a 文书编号
 * (`document_id`, `j.document_id`, or a field the dataset names 文书编号) becomes a link to the
 * document page, with the dataset of that input (from the explanation's source rows, else the
 * model's bindings, else a `dataset` field of the evidence) and, when the evidence carries
 * them, the defendant (人员序号, else the masked 公民身份号码 or name as a hint) and the passage (a `…_passage`
 * field) so that the page opens scrolled to it. Give it the masked evidence: the name hint goes
 * into the address. Pure: the lead page renders the links.
 */
import type { RouteLocationRaw } from 'vue-router'
import type { ExplanationStep, ModelBindings } from '@/api/leads'

const DOCUMENT_ID = 'document_id'
const DOCUMENT_ID_LABEL = '文书编号'
const PASSAGES = ['sentence_passage', 'recommendation_passage', 'charge_passage', 'person_passage']

export interface LeadDocuments {
  evidence: Record<string, unknown>
  labels?: Record<string, string>
  explanation?: ExplanationStep[]
  bindings?: ModelBindings['bindings']
}

/** `j.document_id` → [`j`, `document_id`]; `document_id` → [null, `document_id`]. */
function split(key: string): [string | null, string] {
  const dot = key.indexOf('.')
  return dot < 0 ? [null, key] : [key.slice(0, dot), key.slice(dot + 1)]
}

/** The dataset behind input `input` (null: the model's first input, read by its `from` step). */
export function inputDataset(lead: LeadDocuments, input: string | null): string | null {
  const steps = lead.explanation ?? []
  const rows = input
    ? steps.flatMap((s) => s.rows ?? []).filter((r) => r.input === input)
    : (steps.find((s) => s.kind === 'from')?.rows ?? [])
  const fromRows = rows.find((r) => r.dataset)?.dataset
  if (fromRows) return fromRows
  const bindings = lead.bindings ?? {}
  if (input && bindings[input]?.dataset) return bindings[input]!.dataset
  const names = Object.values(bindings).map((b) => b.dataset)
  if (!input && names.length === 1) return names[0]!
  const own = lead.evidence[input ? `${input}.dataset` : 'dataset']
  return typeof own === 'string' && own ? own : null
}

/** `{evidence field: route}` for every 文书编号 with a value. */
export function documentLinks(lead: LeadDocuments): Record<string, RouteLocationRaw> {
  const links: Record<string, RouteLocationRaw> = {}
  for (const [key, value] of Object.entries(lead.evidence)) {
    const [input, field] = split(key)
    if (field !== DOCUMENT_ID && lead.labels?.[key] !== DOCUMENT_ID_LABEL) continue
    if (value === null || value === undefined || value === '') continue
    const sibling = (name: string) => lead.evidence[input ? `${input}.${name}` : name]
    const query: Record<string, string> = {}
    const dataset = inputDataset(lead, input)
    if (dataset) query.dataset = dataset
    const defendant = Number(sibling('defendant_no'))
    if (Number.isInteger(defendant) && defendant > 0) query.defendant = String(defendant)
    else {
      // the same person in every document of a case: by 公民身份号码, else by name (masked)
      const hint = [sibling('id_number'), lead.evidence.id_number, sibling('name'), lead.evidence.name]
      const person = hint.find((v): v is string => typeof v === 'string' && v !== '')
      if (person) query.person = person
    }
    const passage = PASSAGES.find((name) => sibling(name) !== undefined)
    if (passage) query.field = passage
    else if (query.defendant || query.person) query.field = 'person_passage'
    links[key] = { name: 'document', params: { id: String(value) }, query }
  }
  return links
}
