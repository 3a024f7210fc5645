/** A one-line progress bar for terminals (and a plain line per update elsewhere). */
import { formatSeconds } from "../util/format.js";
export class ProgressBar {
  private lastDraw = 0;
  private lastLine = 0;
  private readonly start = Date.now();

  constructor(
    private readonly total: number,
    private readonly label = "",
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** `etaSeconds`: the caller's estimate (e.g. from its measured speed); else from elapsed time. */
  update(done: number, extra = "", force = false, etaSeconds?: number): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 250 && done < this.total) return;
    this.lastDraw = now;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.start) / 1000;
    const eta = etaSeconds ?? (frac > 0 ? elapsed * (1 / frac - 1) : 0);
    const line = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(1)}% ${done}/${this.total} ${extra} ETA ${formatSeconds(eta)}`;
    if (this.stream.isTTY)
      this.stream.write(`\r${line.padEnd(this.stream.columns ?? 100).slice(0, (this.stream.columns ?? 200) - 1)}`);
    else if (force || done >= this.total || now - this.lastLine >= 10_000) {
      this.lastLine = now;
      this.stream.write(line + "\n");
    }
  }

  finish(extra = ""): void {
    this.update(this.total, extra, true);
    if (this.stream.isTTY) this.stream.write("\n");
  }
}
