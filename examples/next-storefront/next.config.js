/**
 * Unlike the DTC starter, this storefront keeps type errors fatal in
 * `next build`: the build then proves that the package's types resolve under
 * the starter's `moduleResolution: "node"`.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  images: { unoptimized: true },
  // A project of its own, not part of the repository's workspace.
  outputFileTracingRoot: __dirname,
}

module.exports = nextConfig
