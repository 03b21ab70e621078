/**
 * A document's text with its highlighted passages: one `<mark>` per span piece, nested where
 * spans overlap (see highlights.ts), classed by field kind (`hl-name`, `hl-sentence`…) with the
 * field's Chinese name as tooltip. The text goes in as text nodes only, never as HTML, so a
 * document cannot inject markup. `focus(index)` scrolls to a highlight and flashes it. Owns this
 * rendering only; which highlight to focus is the page's.
 */
import { computed, defineComponent, h, nextTick, ref, type PropType, type VNode } from 'vue'
import type { Highlight } from '@/api/documents'
import { markClass, splitHighlights, type Segment } from '@/views/documents/highlights'
import '@/views/documents/highlights.css'

export default defineComponent({
  name: 'HighlightedText',
  props: {
    text: { type: String, required: true },
    highlights: { type: Array as PropType<Highlight[]>, required: true },
  },
  setup(props, { expose }) {
    const root = ref<HTMLElement | null>(null)
    const flashing = ref<number | null>(null)
    const segments = computed(() => splitHighlights(props.text, props.highlights))

    function title(span: Highlight): string {
      const person = span.defendant_no ? `（第 ${span.defendant_no} 人）` : ''
      return `${span.label || span.field}${person}`
    }

    function mark(index: number, inner: VNode | string): VNode {
      const span = props.highlights[index]!
      return h(
        'mark',
        {
          class: ['hl', markClass(span.field), { flash: flashing.value === index }],
          title: title(span),
          'data-span': index,
          'data-field': span.field,
          'data-defendant': span.defendant_no ?? undefined,
        },
        [inner],
      )
    }

    function piece(segment: Segment): VNode | string {
      return segment.marks.reduceRight<VNode | string>((inner, index) => mark(index, inner), segment.text)
    }

    /** Scroll to highlight `index` and flash it (every piece of it); false when not shown. */
    async function focus(index: number): Promise<boolean> {
      flashing.value = null
      await nextTick()
      const first = root.value?.querySelector<HTMLElement>(`[data-span="${index}"]`)
      if (!first) return false
      const box = root.value!
      // centre the passage inside the text box, then bring the box itself into view
      if (box.scrollHeight > box.clientHeight) {
        box.scrollTo?.({ top: Math.max(0, first.offsetTop - box.clientHeight / 2), behavior: 'smooth' })
      }
      box.scrollIntoView?.({ block: 'nearest' })
      flashing.value = index
      window.setTimeout(() => {
        if (flashing.value === index) flashing.value = null
      }, 2000)
      return true
    }

    expose({ focus })
    return () =>
      h('div', { ref: root, class: 'doc-text', 'data-test': 'document-text' }, segments.value.map(piece))
  },
})
