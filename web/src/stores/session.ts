/**
 * The signed-in user (Pinia): loaded from GET /api/me, set by sign-in, cleared by sign-out.
 * Owns the user object and `can(permission)`, which answers from the `permissions` the API
 * lists for the user (none listed: nothing allowed); must not call any API but auth's.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as auth from '@/api/auth'
import { ApiError } from '@/api/client'
import { permissionsOf } from '@/stores/permissions'

export const useSession = defineStore('session', () => {
  const user = ref<auth.User | null>(null)
  const loaded = ref(false)
  const permissions = computed(() => new Set(permissionsOf(user.value)))

  function can(permission?: string | null): boolean {
    return !permission || permissions.value.has(permission)
  }

  /** Ask the API who is signed in (once); null when nobody is. */
  async function load(force = false): Promise<auth.User | null> {
    if (loaded.value && !force) return user.value
    try {
      user.value = await auth.me()
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      user.value = null
    }
    loaded.value = true
    return user.value
  }

  async function signIn(username: string, password: string): Promise<auth.User> {
    const answer = await auth.login(username, password)
    user.value = answer.user
    loaded.value = true
    // /api/me may carry more (permissions, office name) than the login answer.
    try {
      user.value = await auth.me()
    } catch {
      /* keep the login answer */
    }
    return user.value
  }

  async function changePassword(old: string, next: string): Promise<void> {
    const answer = await auth.changePassword(old, next)
    user.value = answer.user
    await load(true)
  }

  async function signOut(): Promise<void> {
    try {
      await auth.logout()
    } finally {
      user.value = null
      loaded.value = true
    }
  }

  return { user, loaded, permissions, can, load, signIn, changePassword, signOut }
})
