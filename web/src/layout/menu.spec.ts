import { describe, expect, it } from 'vitest'
import { menuFor } from '@/layout/menu'
import { routes } from '@/router/routes'
import { ROLE_PERMISSIONS, permissionsOf } from '@/stores/permissions'

function menuOf(permissions: string[]): string[] {
  const held = new Set(permissions)
  return menuFor(routes, (p) => !p || held.has(p)).flatMap((g) => g.entries.map((e) => e.path))
}

describe('menu filter by permission', () => {
  it('shows a prosecutor leads but no administration', () => {
    const paths = menuOf(ROLE_PERMISSIONS.prosecutor!)
    expect(paths).toContain('/')
    expect(paths).toContain('/leads')
    expect(paths).not.toContain('/admin/users')
    expect(paths).not.toContain('/admin/audit')
    expect(paths).not.toContain('/data/import')
  })

  it('shows an auditor the audit trail and statistics but no leads', () => {
    const paths = menuOf(ROLE_PERMISSIONS.auditor!)
    expect(paths).toContain('/admin/audit')
    expect(paths).toContain('/stats')
    expect(paths).not.toContain('/leads')
    expect(paths).not.toContain('/models')
  })

  it('leaves out a group with no permitted entry and keeps route order', () => {
    const groups = menuFor(routes, (p) => !p || p === 'datasets.read')
    const titles = groups.map((g) => g.title)
    expect(titles).not.toContain('系统管理')
    expect(titles.indexOf('工作台')).toBeLessThan(titles.indexOf('数管中心'))
    expect(groups.find((g) => g.title === '数管中心')!.entries.map((e) => e.path)).toEqual(['/data'])
  })

  it('never lists detail pages or the 404 page', () => {
    const paths = menuOf(ROLE_PERMISSIONS.admin!)
    expect(paths.some((p) => p.includes(':'))).toBe(false)
    expect(paths).not.toContain('/login')
  })

  it("uses the API's permission list when /api/me gives one, else the role's", () => {
    expect(permissionsOf({ role: 'prosecutor', permissions: ['audit.read'] })).toEqual(['audit.read'])
    expect(permissionsOf({ role: 'leader' })).toContain('leads.assign')
    expect(permissionsOf({ role: 'prosecutor' })).not.toContain('leads.assign')
    expect(permissionsOf({ role: 'unknown' })).toEqual([])
    expect(permissionsOf(null)).toEqual([])
  })
})
