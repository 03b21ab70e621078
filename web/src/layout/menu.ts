/**
 * The side menu, derived from the route table: entries grouped by `meta.menu`, only those whose
 * permission the user has. Owns the filtering (pure, unit-tested); not the rendering.
 */
import type { RouteRecordRaw } from 'vue-router'

export interface MenuEntry {
  path: string
  title: string
}

export interface MenuGroup {
  title: string
  entries: MenuEntry[]
}

/** Menu groups in route order; a group with no permitted entry is left out. */
export function menuFor(routes: RouteRecordRaw[], can: (permission?: string) => boolean): MenuGroup[] {
  const groups: MenuGroup[] = []
  for (const route of routes) {
    const meta = route.meta
    if (!meta?.menu || !can(meta.permission)) continue
    let group = groups.find((item) => item.title === meta.menu)
    if (!group) {
      group = { title: meta.menu, entries: [] }
      groups.push(group)
    }
    group.entries.push({ path: route.path, title: meta.title })
  }
  return groups
}
