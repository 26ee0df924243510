/** How the benchmark's applications register the floor provider (./index.ts), and the id Medusa gives it. */
export const FLOOR_PROVIDER = { resolve: __dirname, id: "bench" }
export const FLOOR_PROVIDER_ID = "pp_floor_bench"
