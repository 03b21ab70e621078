import { describe, expect, it } from 'vitest'
import type { Saved } from '@/api/pages/builder'
import { savedNote, savedTitle } from './saved'

const base: Saved = {
  slug: 'm',
  version: '1.0.0',
  version_sha256: 'a'.repeat(64),
  upgraded_from: null,
  diff: '',
  adoption_id: 1,
  unchanged: false,
  bumped_from: null,
}

describe('save dialog wording', () => {
  it('names a first version as a new model', () => {
    expect(savedTitle(base)).toBe('已保存为第 1.0.0 版')
    expect(savedNote(base)).toBe('新安装的模型')
  })
  it('says an upgrade and a raised number', () => {
    const saved = { ...base, version: '1.0.1', upgraded_from: '1.0.0', bumped_from: '1.0.0' }
    expect(savedTitle(saved)).toBe('已保存为第 1.0.1 版')
    expect(savedNote(saved)).toBe('由第 1.0.0 版升级；所填版本号 1.0.0 不高于当前版本，已自动改为 1.0.1')
  })
  it('says when nothing changed', () => {
    const saved = { ...base, unchanged: true }
    expect(savedTitle(saved)).toBe('内容未改动，仍为第 1.0.0 版')
    expect(savedNote(saved)).toContain('没有登记新版本')
  })
})
