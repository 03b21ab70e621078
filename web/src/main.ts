/**
 * Entry: Vue app with Pinia, the router, Element Plus in Chinese, and the API client's
 * redirects routed through vue-router. Owns start-up only.
 */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import App from '@/App.vue'
import { configureClient } from '@/api/client'
import { makeRouter } from '@/router'
import { useSession } from '@/stores/session'
import '@/style.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = makeRouter()
app.use(router)
app.use(ElementPlus, { locale: zhCn })

configureClient({
  onUnauthorized: (next) => {
    useSession(pinia).user = null
    const current = router.currentRoute.value
    if (current.path !== '/login') void router.push({ path: '/login', query: { next } })
  },
  onPasswordChange: () => {
    if (router.currentRoute.value.path !== '/password') void router.push('/password')
  },
})

app.mount('#app')
