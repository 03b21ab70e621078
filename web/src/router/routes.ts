/**
 * The console's route table: every page, lazy-loaded (one chunk per page), with its Chinese
 * title, the permission it needs and, for menu entries, the menu group. Owns the table only;
 * guards live in router/index.ts, the menu's filtering in layout/menu.ts.
 */
import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Chinese page title (document title and menu label). */
    title: string
    /** Permission needed to open the page (menu hides it otherwise). */
    permission?: string
    /** Menu group label; pages without one are not in the menu. */
    menu?: string
    /** Pages open without signing in. */
    public?: boolean
    /** Shown without the layout (sign-in pages). */
    bare?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    component: () => import('@/views/auth/Login.vue'),
    meta: { title: '登录', public: true, bare: true },
  },
  {
    path: '/password',
    component: () => import('@/views/auth/Password.vue'),
    meta: { title: '修改密码', bare: true },
  },
  {
    path: '/',
    component: () => import('@/views/workbench/Workbench.vue'),
    meta: { title: '工作台', menu: '工作台' },
  },
  {
    path: '/leads',
    component: () => import('@/views/leads/LeadList.vue'),
    meta: { title: '线索', permission: 'leads.read', menu: '线索处理' },
  },
  {
    path: '/leads/:id(\\d+)',
    component: () => import('@/views/leads/LeadDetail.vue'),
    meta: { title: '线索详情', permission: 'leads.read' },
  },
  {
    path: '/data',
    component: () => import('@/views/data/Datasets.vue'),
    meta: { title: '数据资源目录', permission: 'datasets.read', menu: '数管中心' },
  },
  {
    path: '/data/datasets/:name',
    component: () => import('@/views/data/DatasetDetail.vue'),
    meta: { title: '数据集详情', permission: 'datasets.read' },
  },
  {
    path: '/data/import',
    component: () => import('@/views/data/Import.vue'),
    meta: { title: '导入数据', permission: 'datasets.import', menu: '数管中心' },
  },
  {
    path: '/data/access',
    component: () => import('@/views/data/Access.vue'),
    meta: { title: '数据申请', permission: 'datasets.request', menu: '数管中心' },
  },
  {
    path: '/documents',
    component: () => import('@/views/documents/DocumentList.vue'),
    meta: { title: '文书', permission: 'datasets.read', menu: '文书' },
  },
  {
    path: '/documents/:id',
    name: 'document',
    component: () => import('@/views/documents/DocumentDetail.vue'),
    meta: { title: '文书详情', permission: 'datasets.read' },
  },
  {
    path: '/models',
    component: () => import('@/views/models/Models.vue'),
    meta: { title: '监督模型', permission: 'models.read', menu: '建模中心' },
  },
  {
    path: '/models/:slug',
    component: () => import('@/views/models/ModelDetail.vue'),
    meta: { title: '模型详情', permission: 'models.read' },
  },
  {
    path: '/models/new/builder',
    component: () => import('@/views/builder/Builder.vue'),
    meta: { title: '模型构建器', permission: 'models.install', menu: '建模中心' },
  },
  {
    path: '/models/:slug/builder',
    component: () => import('@/views/builder/Builder.vue'),
    meta: { title: '模型构建器', permission: 'models.install' },
  },
  {
    path: '/market/queue',
    component: () => import('@/views/market/Queue.vue'),
    meta: { title: '上架审查', permission: 'models.read', menu: '建模中心' },
  },
  {
    path: '/market/models/:slug',
    component: () => import('@/views/market/ModelCard.vue'),
    meta: { title: '模型说明书', permission: 'models.read' },
  },
  {
    path: '/market',
    component: () => import('@/views/market/Market.vue'),
    meta: { title: '模型超市', permission: 'models.read', menu: '场景中心' },
  },
  {
    path: '/campaigns',
    component: () => import('@/views/campaigns/Campaigns.vue'),
    meta: { title: '专项监督', permission: 'stats.read', menu: '场景中心' },
  },
  {
    path: '/campaigns/:id(\\d+)',
    component: () => import('@/views/campaigns/CampaignDetail.vue'),
    meta: { title: '专项详情', permission: 'stats.read' },
  },
  {
    path: '/jobs',
    component: () => import('@/views/jobs/Jobs.vue'),
    meta: { title: '后台任务', menu: '建模中心' },
  },
  {
    path: '/stats',
    component: () => import('@/views/stats/Stats.vue'),
    meta: { title: '效能统计', permission: 'stats.read', menu: '效能跟踪' },
  },
  {
    path: '/admin/users',
    component: () => import('@/views/admin/Users.vue'),
    meta: { title: '用户管理', permission: 'users.manage', menu: '系统管理' },
  },
  {
    path: '/admin/offices',
    component: () => import('@/views/admin/Offices.vue'),
    meta: { title: '检察院', permission: 'orgs.read', menu: '系统管理' },
  },
  {
    path: '/admin/breaker',
    component: () => import('@/views/admin/Breaker.vue'),
    meta: { title: '熔断管理', permission: 'users.manage', menu: '系统管理' },
  },
  {
    path: '/admin/audit',
    component: () => import('@/views/admin/Audit.vue'),
    meta: { title: '审计记录', permission: 'audit.read', menu: '系统管理' },
  },
  {
    path: '/:pathMatch(.*)*',
    component: () => import('@/views/NotFound.vue'),
    meta: { title: '页面不存在', public: true },
  },
]
