const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// TEST_TYPE picks one suite, as in Medusa's starter: unit tests sit beside the
// code, integration tests boot the whole application from medusa-config.ts.
const testMatch = {
  unit: ["**/__tests__/**/*.unit.spec.[jt]s?(x)"],
  "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
  // Run by scripts/test-cluster.js, which starts Redis and Postgres for them.
  "integration:cluster": ["**/integration-tests/cluster/*.spec.[jt]s"],
}[process.env.TEST_TYPE ?? "unit"]

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true, tsx: true },
          transform: { react: { runtime: "automatic" } },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/", "<rootDir>/examples/next-storefront/"],
  testMatch,
  setupFiles: ["./integration-tests/setup.js"],
}
