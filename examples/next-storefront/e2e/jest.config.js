// `npm run test:example`: the browser tests of the Next.js example storefront,
// against the demo store (see checkout.e2e.ts). Run `npm run example:install` first.
module.exports = {
  rootDir: "../../..",
  testMatch: ["<rootDir>/examples/next-storefront/e2e/**/*.e2e.ts"],
  transform: {
    "^.+\\.[jt]sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true } } }],
  },
  // Node's, with the demo store that e2e/global-setup.ts boots once.
  testEnvironment: "<rootDir>/e2e/environment.ts",
  globalSetup: "<rootDir>/examples/next-storefront/e2e/global-setup.ts",
  globalTeardown: "<rootDir>/e2e/global-teardown.ts",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: [
    "<rootDir>/dist/",
    "<rootDir>/.medusa/",
    "<rootDir>/.cache/",
    "<rootDir>/examples/next-storefront/node_modules/",
    "<rootDir>/examples/next-storefront/.next/",
  ],
  // Each test walks a whole checkout in a real browser.
  testTimeout: 120_000,
}
