type Page = (main: HTMLElement) => Promise<void> | void

const pages = new Map<string, Page>()
let main: HTMLElement

export function route(path: string, page: Page) {
  pages.set(path, page)
}

export function navigate(path: string) {
  history.pushState(null, "", path)
  void render()
}

export function startRouter(target: HTMLElement) {
  main = target
  window.addEventListener("popstate", () => void render())
  // Internal links navigate without reloading the page.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element).closest?.("a[data-link]")
    if (link instanceof HTMLAnchorElement && !event.metaKey && !event.ctrlKey) {
      event.preventDefault()
      navigate(link.pathname + link.search)
    }
  })
  return render()
}

async function render() {
  const path = location.pathname.replace(/\/+$/, "") || "/"
  // Medusa's payment link carries the collection's id in its path.
  const page = pages.get(path) ?? pages.get(path.startsWith("/payment-collection/") ? "/payment-collection" : "/")!
  window.scrollTo(0, 0)
  await page(main)
}
