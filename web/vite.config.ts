/// <reference types="vitest/config" />
/**
 * Vite build of the console: source in web/src, output into the Python package
 * (src/jiancha/web/dist), which only serves it. Owns the build; must not reference any CDN.
 * `npm run dev` proxies /api to a local `jiancha serve` (JIANCHA_API, default :8101).
 */
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const api = process.env.JIANCHA_API ?? 'http://127.0.0.1:8101'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: '../src/jiancha/web/dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
})
