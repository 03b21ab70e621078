/**
 * Tag colours of the modelling pages (risk grade, run status). Pure helpers; must not call
 * the API.
 */
type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary'

export function riskType(risk: string): TagType {
  return ({ none: 'success', low: 'info', medium: 'warning', high: 'danger' } as Record<string, TagType>)[risk] ?? 'info'
}

export function runStatusType(status: string): TagType {
  return ({ succeeded: 'success', failed: 'danger', running: 'primary', queued: 'info' } as Record<string, TagType>)[status] ?? 'info'
}
