/**
 * The marketplace page's pure helpers: how a figure reads (percent, money), the tag of the
 * office's own adoption, and the adoption dialog's draft of bindings (prefilled from the bindings
 * the API found, one dataset and its columns per input). Must not fetch.
 */
import type { Bound, MarketModel } from '@/api/pages/marketplace'

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`
}

export function money(value: string | number | null | undefined): string {
  const amount = Number(value ?? 0)
  return amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

export interface AdoptionTag {
  label: string
  type: 'success' | 'warning'
}

/** 「本院已采用 v1」, or 「可升级至 v2」 when a newer version is on the shelf; null if not adopted. */
export function adoptionTag(model: MarketModel): AdoptionTag | null {
  const own = model.adopted
  if (!own) return null
  if (own.upgrade_to) return { label: `本院 v${own.version}，可升级至 v${own.upgrade_to}`, type: 'warning' }
  return { label: `本院已采用 v${own.version}`, type: 'success' }
}

export interface DraftField {
  field: string
  type: string
  column: string
}

export interface DraftInput {
  input: string
  label: string
  dataset: string
  fields: DraftField[]
}

/** One row per input: the dataset and the column of each field found by the API, else the
 * field's own name and no dataset. */
export function bindingDraft(model: MarketModel): DraftInput[] {
  return model.inputs.map((input) => {
    const found = model.bindings[input.input]
    return {
      input: input.input,
      label: input.label,
      dataset: found?.dataset ?? '',
      fields: input.fields.map((f) => ({
        field: f.field,
        type: f.type,
        column: found?.fields[f.field] ?? f.field,
      })),
    }
  })
}

/** The request's bindings: every input with a dataset, columns only where they differ. */
export function draftBindings(draft: DraftInput[]): Record<string, Bound> {
  const bindings: Record<string, Bound> = {}
  for (const input of draft) {
    const fields: Record<string, string> = {}
    for (const f of input.fields) {
      const column = f.column.trim()
      if (column && column !== f.field) fields[f.field] = column
    }
    bindings[input.input] = { dataset: input.dataset, fields }
  }
  return bindings
}

/** The inputs still without a dataset (labels), for the dialog's submit button. */
export function unbound(draft: DraftInput[]): string[] {
  return draft.filter((i) => !i.dataset).map((i) => i.label || i.input)
}
