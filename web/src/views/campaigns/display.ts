/**
 * How a campaign's state shows: the tag type of each state. Must not fetch.
 */
import type { CampaignState } from '@/api/pages/campaigns'

type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary'

export function stateType(state: CampaignState | string): TagType {
  return ({ planned: 'info', running: 'success', stopped: 'danger' } as Record<string, TagType>)[state] ?? 'info'
}
