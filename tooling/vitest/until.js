/**
 * Poll until `done` holds or the deadline passes, and return the last value read: tests wait for
 * something to become true this way, never with a fixed sleep. The caller asserts on the value.
 */
export async function until(read, done, timeoutMs = 20_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
