/**
 * Ctrl-C for long runs: the first asks the run to checkpoint and stop; a second, a second or
 * more later, quits at once. Ctrl-C reaches npm, tsx and this process alike, and tsx relays it
 * too, so a second SIGINT within a second is that echo, not a second Ctrl-C.
 */
export function stopOnInterrupt(message = "interrupt: saving a checkpoint after this step (Ctrl-C again to quit at once)"): () => boolean {
  let requestedAt = 0;
  process.on("SIGINT", () => {
    const now = Date.now();
    if (requestedAt && now - requestedAt > 1000) process.exit(130);
    if (requestedAt) return;
    requestedAt = now;
    process.stderr.write(`\n${message}\n`);
  });
  return () => requestedAt > 0;
}
