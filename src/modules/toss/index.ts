import { Module } from "@medusajs/framework/utils"
import TossModuleService from "./service"

/** The container key of the plugin's own module. */
export const TOSS_MODULE = "toss"

export default Module(TOSS_MODULE, {
  service: TossModuleService,
})

export { TossModuleService }
export type { RecordedCancelInput } from "./service"
