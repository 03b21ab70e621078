/**
 * The ECharts option of the office's lead funnel (新线索 → 已核查 → 已成案 → 已制发监督文书 →
 * 已收到整改反馈 → 已办结). Owns only this option; the chart is EChart.vue.
 */
import type { ChartOption } from '@/components/echarts'
import type { FunnelStage } from '@/api/workbench'

export function funnelOption(stages: FunnelStage[]): ChartOption {
  const top = Math.max(1, ...stages.map((stage) => stage.count))
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 条' },
    color: ['#1f3c88', '#2b55b5', '#3a6fd8', '#5b8ce6', '#86acef', '#b3cdf6'],
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        top: 10,
        bottom: 10,
        width: '58%',
        min: 0,
        max: top,
        minSize: '14%',
        gap: 2,
        label: { show: true, position: 'right', formatter: '{b}：{c} 条', color: '#303133' },
        labelLine: { show: true, length: 16 },
        data: stages.map((stage) => ({ name: stage.label, value: stage.count })),
      },
    ],
  }
}
