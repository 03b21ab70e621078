/** The tag colour of each lead state in lists and headers. Owns only this mapping. */
type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const TYPES: Record<string, TagType> = {
  new: 'primary',
  assigned: 'warning',
  verifying: 'warning',
  rejected: 'info',
  confirmed: 'success',
  case_opened: 'success',
  actions_issued: 'success',
  feedback_received: 'success',
  closed: 'info',
}

export function statusType(status: string): TagType {
  return TYPES[status] ?? 'info'
}
