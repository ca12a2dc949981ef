// Runs once when the server starts: bad configuration stops the process with a message
// naming the key, instead of failing on the first request that happens to read it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationOrExit } = await import("./lib/server/ops/startup-check");
    checkConfigurationOrExit();
  }
}
