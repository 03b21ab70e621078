import { describe, expect, it } from 'vitest'
import type { User } from '@/api/auth'
import { menuFor } from '@/layout/menu'
import { routes } from '@/router/routes'
import { permissionsOf } from '@/stores/permissions'
// the role table as jiancha.governance.roles has it (scripts/write_role_fixture.py writes it;
// tests/web/test_role_fixture.py fails when it is stale)
import ROLES from '@/testing/roles.json'

function user(role: string, permissions?: string[]): User {
  return { username: 'u', display_name: '用户', role, role_label: role, org: null, must_change_password: false, permissions }
}

function menuOf(permissions: string[]): string[] {
  const held = new Set(permissions)
  return menuFor(routes, (p) => !p || held.has(p)).flatMap((g) => g.entries.map((e) => e.path))
}

describe('menu filter by permission', () => {
  it('shows a prosecutor leads but no administration', () => {
    const paths = menuOf(ROLES.prosecutor)
    expect(paths).toContain('/')
    expect(paths).toContain('/leads')
    expect(paths).not.toContain('/admin/users')
    expect(paths).not.toContain('/admin/audit')
    expect(paths).not.toContain('/data/import')
  })

  it('shows an auditor the audit trail and statistics but no leads', () => {
    const paths = menuOf(ROLES.auditor)
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
    const paths = menuOf(ROLES.admin)
    expect(paths.some((p) => p.includes(':'))).toBe(false)
    expect(paths).not.toContain('/login')
  })

  it("takes exactly the API's permission list and nothing from the role", () => {
    expect(permissionsOf(user('prosecutor', ['audit.read']))).toEqual(['audit.read'])
    expect(permissionsOf(user('leader', ROLES.leader))).toEqual(ROLES.leader)
    expect(permissionsOf(user('leader'))).toEqual([])
    expect(permissionsOf(user('admin', []))).toEqual([])
    expect(permissionsOf(null)).toEqual([])
  })

  it('shows a user without a permission list only the pages that need none', () => {
    const paths = menuOf(permissionsOf(user('admin')))
    expect(paths).toContain('/')
    expect(paths).not.toContain('/leads')
    expect(paths).not.toContain('/admin/users')
  })
})
