/**
 * The dataset's own (Chinese) column name of each evidence field of a lead, from its model's
 * bindings: `field` → the column the first input binding it reads, `input.field` → that input's
 * column. Fields the model derives itself keep their name. Only a fallback: the lead API names
 * every evidence field itself (`evidence_labels`). Owns only this lookup.
 */
import type { ModelBindings } from '@/api/leads'

export function evidenceLabels(
  fields: string[],
  bindings: ModelBindings['bindings'] | undefined,
): Record<string, string> {
  const labels: Record<string, string> = {}
  if (!bindings) return labels
  const inputs = Object.entries(bindings)
  for (const field of fields) {
    const dot = field.indexOf('.')
    if (dot > 0) {
      const column = bindings[field.slice(0, dot)]?.fields[field.slice(dot + 1)]
      if (column) labels[field] = column
      continue
    }
    const bound = inputs.find(([, binding]) => binding.fields[field] !== undefined)
    if (bound) labels[field] = bound[1].fields[field]!
  }
  return labels
}
