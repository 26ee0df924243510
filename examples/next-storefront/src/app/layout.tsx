import "styles/globals.css"

export const metadata = { title: "Medusa × Toss Payments" }

export default function RootLayout(props: { children: React.ReactNode }) {
  return (
    <html lang="ko">
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
