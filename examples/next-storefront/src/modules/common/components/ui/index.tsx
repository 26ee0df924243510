import { ButtonHTMLAttributes } from "react"

// The DTC starter's Button, without its styles.
type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  size?: "small" | "medium" | "large"
  isLoading?: boolean
}

export const Button = ({
  size = "medium",
  isLoading,
  disabled,
  children,
  ...props
}: ButtonProps) => (
  <button
    disabled={disabled || isLoading}
    className={`button button-${size}`}
    {...props}
  >
    {isLoading ? "Loading..." : children}
  </button>
)
