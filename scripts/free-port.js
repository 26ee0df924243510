// A port nothing listens on right now, for servers the tests and tools start.
// Plain JavaScript with no dependencies, so jest specs can require it too.
const net = require("net")

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

module.exports = { freePort }
