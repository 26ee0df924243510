import { currentCart, itemCount } from "./cart"
import { renderLayout, setCartCount } from "./layout"
import { renderAccount, renderCardFailed, renderCardSaved } from "./pages/account"
import { renderBalance, renderBalancePaid } from "./pages/balance"
import { renderCheckout } from "./pages/checkout"
import { renderFailure } from "./pages/fail"
import { renderProducts } from "./pages/products"
import { renderPortOneReturn, renderSuccess } from "./pages/success"
import { route, startRouter } from "./router"

route("/", renderProducts)
route("/checkout", renderCheckout)
route("/checkout/success", renderSuccess)
route("/checkout/fail", renderFailure)
route("/checkout/portone", renderPortOneReturn)
route("/account", renderAccount)
route("/account/cards/saved", renderCardSaved)
route("/account/cards/fail", renderCardFailed)
route("/orders/balance", renderBalance)
route("/orders/balance/paid", renderBalancePaid)
// Medusa's admin "Copy payment link": /payment-collection/:id?order_id=…
route("/payment-collection", renderBalance)

const main = renderLayout(document.getElementById("app")!)
void startRouter(main)
currentCart().then(
  (cart) => setCartCount(itemCount(cart)),
  () => setCartCount(0)
)
