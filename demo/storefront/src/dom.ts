/** A tiny `createElement` for a page this size; a framework would outweigh the shop. */
type Child = Node | string | number | null | undefined | false | Child[]
type Props = {
  class?: string
  testid?: string
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[E]) => void }>
  [attribute: string]: unknown
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (key === "class") element.className = String(value)
    else if (key === "testid") element.dataset.testid = String(value)
    else if (key === "on") {
      for (const [event, listener] of Object.entries(value as object)) element.addEventListener(event, listener)
    } else if (key in element && typeof value !== "string") {
      // Properties such as `checked`, `disabled`, `value` set as properties.
      ;(element as unknown as Record<string, unknown>)[key] = value
    } else element.setAttribute(key, value === true ? "" : String(value))
  }
  append(element, children)
  return element
}

function append(parent: Node, children: Child[]) {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child)
    else if (child instanceof Node) parent.appendChild(child)
    else if (child !== null && child !== undefined && child !== false) parent.appendChild(document.createTextNode(String(child)))
  }
}

/** Replaces an element's content. */
export function show(target: Element, ...children: Child[]) {
  target.replaceChildren()
  append(target, children)
}
