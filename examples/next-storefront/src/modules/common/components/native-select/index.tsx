import { SelectHTMLAttributes } from "react"

/** The DTC starter's NativeSelect (src/modules/common/components/native-select), without its placeholder logic. */
const NativeSelect = ({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) => (
  <select className={["native-select", className].filter(Boolean).join(" ")} {...props} />
)

export default NativeSelect
