import { describe, expect, it } from 'vitest'
import { ENCODINGS, importFormData, isSpreadsheet } from '@/api/pages/data'

const csv = new File(['姓名,身份证号\n'], '判决书.csv', { type: 'text/csv' })
const xlsx = new File(['PK'], '收押名册.xlsx')

describe('import form → multipart body', () => {
  it('offers 自动 / UTF-8 / GBK / GB18030', () => {
    expect(ENCODINGS.map((e) => e.label)).toEqual(['自动识别', 'UTF-8', 'GBK', 'GB18030'])
  })

  it('sends the chosen encoding for a CSV, and no sheet', () => {
    const body = importFormData({ file: csv, name: ' 刑事判决 ', encoding: 'gbk', sheet: 'Sheet1' })
    expect((body.get('file') as File).name).toBe('判决书.csv')
    expect(body.get('name')).toBe('刑事判决')
    expect(body.get('encoding')).toBe('gbk')
    expect(body.has('sheet')).toBe(false)
  })

  it('leaves the encoding out when 自动识别 is chosen, so the server detects it', () => {
    const body = importFormData({ file: csv, name: '刑事判决', encoding: '', sheet: '' })
    expect(body.has('encoding')).toBe(false)
  })

  it('sends the sheet name for a spreadsheet, never an encoding', () => {
    expect(isSpreadsheet(xlsx)).toBe(true)
    const body = importFormData({ file: xlsx, name: '监狱收押', encoding: 'gb18030', sheet: ' 收押 ' })
    expect(body.get('sheet')).toBe('收押')
    expect(body.has('encoding')).toBe(false)
  })

  it('refuses to build a body without a file', () => {
    expect(() => importFormData({ file: null, name: 'x', encoding: '', sheet: '' })).toThrow('请选择要导入的文件')
  })
})
