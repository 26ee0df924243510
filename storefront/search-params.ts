/**
 * Toss appends its result to the success/fail URL's query. Pages get that query
 * in different forms: `location.search`, a whole URL, `URLSearchParams`, or the
 * plain `searchParams` object a Next.js page receives.
 */
export type SearchParamsInput = URLSearchParams | string | Record<string, string | string[] | null | undefined>

export function readSearchParam(input: SearchParamsInput, name: string): string | undefined {
  if (typeof input === "string") {
    // URLSearchParams decodes `+` and percent-escapes, as Toss's redirect needs.
    return new URLSearchParams(input.slice(input.indexOf("?") + 1)).get(name) ?? undefined
  }
  if (input instanceof URLSearchParams) {
    return input.get(name) ?? undefined
  }
  const value = input[name]
  return (Array.isArray(value) ? value[0] : value) ?? undefined
}

/** Toss wants absolute success and fail URLs; a page may give them relative to itself. */
export function absoluteUrl(url: string): string {
  return new URL(url, window.location.href).href
}
