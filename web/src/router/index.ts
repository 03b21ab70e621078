/**
 * The router: history mode, the sign-in guard (unknown user → /login?next=…, first password →
 * /password), the permission guard and the document title. Owns navigation rules only.
 */
import { createRouter, createWebHistory, type Router } from 'vue-router'
import { routes } from '@/router/routes'
import { useSession } from '@/stores/session'

export const APP_TITLE = '检察大数据法律监督平台'

export function makeRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(async (to) => {
    if (to.meta.public) return true
    const session = useSession()
    let user
    try {
      user = await session.load()
    } catch {
      user = null
    }
    if (!user) return { path: '/login', query: { next: to.fullPath } }
    if (user.must_change_password && to.path !== '/password') {
      return { path: '/password', query: { next: to.fullPath } }
    }
    if (!session.can(to.meta.permission)) return { path: '/', replace: true }
    return true
  })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE
  })
  return router
}
