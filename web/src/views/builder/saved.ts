/**
 * The words of the save dialog's result: which version was saved and how it relates to the one
 * before (new model, upgrade, number raised, nothing changed). Pure; owns wording only.
 */
import type { Saved } from '@/api/pages/builder'

export function savedTitle(saved: Saved): string {
  return saved.unchanged ? `内容未改动，仍为第 ${saved.version} 版` : `已保存为第 ${saved.version} 版`
}

export function savedNote(saved: Saved): string {
  if (saved.unchanged) return '没有登记新版本（输入绑定如有修改，已经保存）'
  const notes: string[] = [saved.upgraded_from ? `由第 ${saved.upgraded_from} 版升级` : '新安装的模型']
  if (saved.bumped_from) {
    notes.push(`所填版本号 ${saved.bumped_from} 不高于当前版本，已自动改为 ${saved.version}`)
  }
  return notes.join('；')
}
