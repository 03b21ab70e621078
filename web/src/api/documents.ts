/**
 * Typed wrappers of the document routes (文书): the paged list of imported documents (刑事判决书,
 * 起诉书, 起诉意见书) and one document with its text, extracted fields and highlight spans.
 * Owns these calls and their types; the document pages own what they show.
 */
import { api, type Page, type Query } from '@/api/client'
import { listDatasets, type DatasetRow } from '@/api/pages/data'
import { paged } from '@/api/pages/paging'

/** One row of `GET /api/documents`. */
export interface DocumentRow {
  id: string
  dataset: string
  version?: number
  doc_type?: string
  doc_type_label: string
  case_number: string | null
  doc_date: string | null
  /** Names as the API gives them (masked); a list or a '、'-joined string. */
  defendants: string[] | string | null
  masked?: boolean
}

/** One highlighted passage: `[start, end)` in characters (code points) of `text`; a
 * defendant's field names its 1-based `defendant_no`, a document field has none. */
export interface Highlight {
  field: string
  label: string
  start: number
  end: number
  defendant_no?: number | null
}

/** What the extractor read: document fields, `defendants` (a list of objects), `spans`,
 * `warnings` — kept loose, the page shows what is there. */
export type DocumentFields = Record<string, unknown>

/** `GET /api/documents/{id}?dataset=`. */
export interface DocumentDetail {
  id: string
  dataset: string
  version?: number
  doc_type: string
  doc_type_label: string
  text: string
  masked: boolean
  fields: DocumentFields
  highlights: Highlight[]
}

/** The documents, paged and filtered by the server: `dataset`, `q` (案号、姓名…), page, size. */
export function listDocuments(query: Query): Promise<Page<DocumentRow>> {
  return api.get<Page<DocumentRow>>('/documents', paged(query))
}

/** One document, masked unless `unmasked` (which needs an active unmasking grant). */
export function getDocument(id: string, dataset?: string, unmasked = false): Promise<DocumentDetail> {
  return api.get<DocumentDetail>(`/documents/${encodeURIComponent(id)}`, {
    dataset,
    unmasked: unmasked || undefined,
  })
}

/** The catalogue's format of a document dataset (`jiancha documents import`). */
export const DOCUMENT_FORMAT = 'documents'

/** The names of the catalogue's document datasets (for the list's dataset choice). */
export async function listDocumentDatasets(): Promise<string[]> {
  const page = await listDatasets({ format: DOCUMENT_FORMAT, page: 1, size: 500, sort: 'name' })
  return page.items.filter((row: DatasetRow) => row.format === DOCUMENT_FORMAT).map((row) => row.name)
}
