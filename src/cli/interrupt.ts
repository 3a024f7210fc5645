/**
 * Ctrl-C for long runs: the first asks the run to checkpoint and stop; a second, a second or
 * more later, quits at once. Ctrl-C reaches npm, tsx and this process alike, and tsx relays it
 * too, so a second SIGINT within a second is that echo, not a second Ctrl-C.
 *
 * SIGTERM (`kill`, Slurm's scancel, preemption or time limit, a container stopping) asks for
 * the same checkpoint-and-stop; whoever sent it follows with SIGKILL if the process lingers.
 */
export function stopOnInterrupt(
  message = "interrupt: saving a checkpoint after this step (Ctrl-C again to quit at once)",
): () => boolean {
  let requestedAt = 0;
  process.on("SIGINT", () => {
    const now = Date.now();
    if (requestedAt && now - requestedAt > 1000) process.exit(130);
    if (requestedAt) return;
    requestedAt = now;
    process.stderr.write(`\n${message}\n`);
  });
  process.on("SIGTERM", () => {
    if (requestedAt) return;
    requestedAt = Date.now();
    process.stderr.write("\nterminated: saving a checkpoint after this step\n");
  });
  return () => requestedAt > 0;
}
