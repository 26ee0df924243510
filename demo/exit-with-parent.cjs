// Loaded into each Medusa process the demo starts (node --require): when the
// demo's runner is gone (killed, or its terminal closed), Medusa shuts down
// too instead of running on unseen. Medusa runs in a process group of its
// own (see startMedusa), so no signal to the runner's group reaches it.
const parent = process.ppid
const SHUTDOWN_GRACE_MS = 15_000
const watch = setInterval(() => {
  if (process.ppid === parent) return
  clearInterval(watch)
  process.kill(process.pid, "SIGTERM")
  // A shutdown that waits for a service already gone (Redis) ends here.
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref()
}, 1000)
watch.unref()
