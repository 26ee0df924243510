import { ButtonHTMLAttributes, HTMLAttributes } from "react"

// The DTC starter's Button, Heading and Text (src/modules/common/components/ui),
// their Tailwind classes given by styles/globals.css.
type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  size?: "small" | "medium" | "large"
  isLoading?: boolean
}

export const Button = ({
  size = "medium",
  isLoading,
  disabled,
  children,
  className,
  ...props
}: ButtonProps) => (
  <button
    disabled={disabled || isLoading}
    className={["button", `button-${size}`, className].filter(Boolean).join(" ")}
    {...props}
  >
    {isLoading ? "Loading..." : children}
  </button>
)

type HeadingProps = HTMLAttributes<HTMLHeadingElement> & { level?: "h1" | "h2" | "h3" }

export const Heading = ({ level: Component = "h2", ...props }: HeadingProps) => (
  <Component {...props} />
)

export const Text = ({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) => (
  <p className={["text-base", className].filter(Boolean).join(" ")} {...props} />
)
