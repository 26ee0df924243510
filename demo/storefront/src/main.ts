import { currentCart, itemCount } from "./cart"
import { renderLayout, setCartCount } from "./layout"
import { renderCheckout } from "./pages/checkout"
import { renderFailure } from "./pages/fail"
import { renderProducts } from "./pages/products"
import { renderSuccess } from "./pages/success"
import { route, startRouter } from "./router"

route("/", renderProducts)
route("/checkout", renderCheckout)
route("/checkout/success", renderSuccess)
route("/checkout/fail", renderFailure)

const main = renderLayout(document.getElementById("app")!)
void startRouter(main)
currentCart().then(
  (cart) => setCartCount(itemCount(cart)),
  () => setCartCount(0)
)
