import { NextRequest, NextResponse } from "next/server"

// The DTC starter's middleware, shortened: every page lives under
// /[countryCode]/, and a path without a known country code is redirected to
// the default region's.
const BACKEND_URL =
  process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL ?? "http://localhost:9000"
const PUBLISHABLE_API_KEY = process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY
const DEFAULT_REGION = process.env.NEXT_PUBLIC_DEFAULT_REGION || "kr"

let countryCodes: Promise<Set<string>> | undefined

function regionCountries(): Promise<Set<string>> {
  countryCodes ??= fetch(`${BACKEND_URL}/store/regions`, {
    headers: { "x-publishable-api-key": PUBLISHABLE_API_KEY! },
  })
    .then((response) => {
      if (!response.ok) throw new Error(`Backend returned ${response.status}`)
      return response.json()
    })
    .then(
      ({ regions }: { regions: { countries?: { iso_2?: string }[] }[] }) => {
        return new Set(
          regions.flatMap(
            (region) => region.countries?.map((c) => c.iso_2 ?? "") ?? []
          )
        )
      }
    )
    .catch((error) => {
      countryCodes = undefined
      throw error
    })
  return countryCodes
}

export async function middleware(request: NextRequest) {
  const firstPathSegment = request.nextUrl.pathname.split("/")[1]?.toLowerCase()
  if ((await regionCountries()).has(firstPathSegment)) {
    return NextResponse.next()
  }
  const redirectPath =
    request.nextUrl.pathname === "/" ? "" : request.nextUrl.pathname
  return NextResponse.redirect(
    `${request.nextUrl.origin}/${DEFAULT_REGION}${redirectPath}${request.nextUrl.search}`,
    307
  )
}

export const config = {
  matcher: [
    "/((?!api|_next/static|_next/image|favicon.ico|images|assets|png|svg|jpg|jpeg|gif|webp).*)",
  ],
}
