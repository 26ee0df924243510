// `npm run test:e2e`: the browser tests against the demo store (see e2e/support.ts).
module.exports = {
  rootDir: "..",
  testMatch: ["<rootDir>/e2e/**/*.e2e.ts"],
  transform: {
    "^.+\\.[jt]sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true } } }],
  },
  // Node's, with the demo store that global-setup.ts boots once for all files.
  testEnvironment: "<rootDir>/e2e/environment.ts",
  globalSetup: "<rootDir>/e2e/global-setup.ts",
  testSequencer: "<rootDir>/e2e/sequencer.js",
  globalTeardown: "<rootDir>/e2e/global-teardown.ts",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/", "<rootDir>/examples/next-storefront/"],
  // Each test walks a whole checkout in a real browser; the VA test waits for Medusa's delayed webhook.
  testTimeout: 120_000,
}
