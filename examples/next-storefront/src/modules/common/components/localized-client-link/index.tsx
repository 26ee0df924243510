"use client"

import Link from "next/link"
import { useParams } from "next/navigation"
import React from "react"

/** A Next.js `<Link />` that keeps the current country code in the URL, as in the DTC starter. */
const LocalizedClientLink = ({
  children,
  href,
  ...props
}: {
  children?: React.ReactNode
  href: string
  [x: string]: unknown
}) => {
  const { countryCode } = useParams()
  return (
    <Link href={`/${countryCode}${href}`} {...props}>
      {children}
    </Link>
  )
}

export default LocalizedClientLink
