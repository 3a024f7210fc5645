/** Downloading the four official files: progress, retries, temp file, MD5 check, rename. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DATASET } from "../config.js";
import { writeFileAtomic } from "../util/atomic.js";

export interface DownloadOptions {
  dir: string;
  baseUrl?: string;
  retries?: number;
  onProgress?: (file: string, received: number, total: number) => void;
}

async function fetchWithProgress(url: string, name: string, onProgress?: DownloadOptions["onProgress"]): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.(name, received, total);
  }
  return Buffer.concat(chunks);
}

/** Downloads every missing file into `dir`, checking each against the official gz MD5. */
export async function downloadDataset(opts: DownloadOptions): Promise<string[]> {
  const base = opts.baseUrl ?? DATASET.officialBaseUrl;
  const retries = opts.retries ?? 3;
  mkdirSync(opts.dir, { recursive: true });
  const written: string[] = [];
  for (const spec of Object.values(DATASET.files)) {
    const target = join(opts.dir, spec.name);
    if (existsSync(target) && md5(readFileSync(target)) === spec.gzMd5) continue;
    let lastError: unknown;
    for (let attempt = 1; attempt <= retries; attempt++) {
      try {
        const body = await fetchWithProgress(base + spec.name, spec.name, opts.onProgress);
        const sum = md5(body);
        if (sum !== spec.gzMd5) throw new Error(`${spec.name}: MD5 ${sum}, expected ${spec.gzMd5}`);
        writeFileAtomic(target, body);
        written.push(target);
        lastError = undefined;
        break;
      } catch (err) {
        lastError = err;
        if (attempt < retries) await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
    if (lastError) throw new Error(`could not download ${spec.name} from ${base} after ${retries} tries: ${(lastError as Error).message}`);
  }
  return written;
}

function md5(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}
