/**
 * The webcam demo in the browser: the camera feed with a blue rectangle, the crop inside it
 * classified continuously (top 3 with probabilities, frames per second), the 28×28 image the
 * model sees, and an image upload for machines without a camera. TensorFlow.js comes from the
 * page's script tag (window.tf).
 */
import { CLASS_NAMES, IMAGE_SIZE } from "../../config.js";
import { centredSquare, preprocessFrame, topK, type Rect } from "../preprocess.js";

declare const tf: typeof import("@tensorflow/tfjs");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLDivElement>("status");
const results = $<HTMLOListElement>("results");
const fps = $<HTMLSpanElement>("fps");
const video = $<HTMLVideoElement>("video");
const view = $<HTMLCanvasElement>("view");
const inset = $<HTMLCanvasElement>("inset");
const upload = $<HTMLInputElement>("upload");

let model: import("@tensorflow/tfjs").LayersModel | null = null;
/** Latency of the last classifications (ms), read by the benchmark. */
const latencies: number[] = [];
(window as unknown as { demo: object }).demo = { latencies, lastTop: null as unknown };

function say(text: string, kind: "info" | "error" = "info"): void {
  status.textContent = text;
  status.className = kind;
}

function showInset(pixels: Float32Array): void {
  const ctx = inset.getContext("2d")!;
  const img = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  pixels.forEach((v, i) => {
    const g = Math.round(v * 255);
    img.data.set([g, g, g, 255], i * 4);
  });
  const small = document.createElement("canvas");
  small.width = small.height = IMAGE_SIZE;
  small.getContext("2d")!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, inset.width, inset.height);
}

function classify(frame: ImageData, rect: Rect): void {
  if (!model) return;
  const t0 = performance.now();
  const { pixels } = preprocessFrame(frame.data, frame.width, frame.height, rect);
  const logits = tf.tidy(() =>
    (
      model!.predict(tf.tensor4d(pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1])) as import("@tensorflow/tfjs").Tensor
    ).dataSync(),
  );
  latencies.push(performance.now() - t0);
  if (latencies.length > 200) latencies.shift();
  const top = topK(logits, 3);
  (window as unknown as { demo: { lastTop: unknown } }).demo.lastTop = top.map((t) => ({
    name: CLASS_NAMES[t.index],
    probability: t.probability,
  }));
  results.innerHTML = top
    .map((t) => `<li data-class="${t.index}">${CLASS_NAMES[t.index]} <b>${(100 * t.probability).toFixed(1)}%</b></li>`)
    .join("");
  showInset(pixels);
}

function drawRect(ctx: CanvasRenderingContext2D, rect: Rect): void {
  ctx.strokeStyle = "#1e4bff";
  ctx.lineWidth = 4;
  ctx.strokeRect(rect.x, rect.y, rect.width, rect.height);
}

async function startCamera(): Promise<void> {
  if (!navigator.mediaDevices?.getUserMedia) {
    say("No camera API in this browser: upload an image below.", "error");
    return;
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  } catch (err) {
    const name = (err as DOMException).name;
    if (name === "NotAllowedError" || name === "SecurityError")
      say("Camera access was denied. Allow the camera for this page and reload, or upload an image below.", "error");
    else if (name === "NotFoundError" || name === "OverconstrainedError")
      say("No camera found. Upload an image below instead.", "error");
    else say(`The camera could not start (${name}). Upload an image below instead.`, "error");
    return;
  }
  video.srcObject = stream;
  await video.play();
  say("Hold a garment inside the blue square.");
  const ctx = view.getContext("2d", { willReadFrequently: true })!;
  let frames = 0;
  let since = performance.now();
  const loop = () => {
    if (video.videoWidth > 0) {
      view.width = video.videoWidth;
      view.height = video.videoHeight;
      ctx.drawImage(video, 0, 0);
      const rect = centredSquare(view.width, view.height);
      classify(ctx.getImageData(0, 0, view.width, view.height), rect);
      drawRect(ctx, rect);
      frames++;
      const now = performance.now();
      if (now - since > 1000) {
        fps.textContent = ((1000 * frames) / (now - since)).toFixed(1);
        frames = 0;
        since = now;
      }
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

upload.addEventListener("change", async () => {
  const file = upload.files?.[0];
  if (!file) return;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  classify(ctx.getImageData(0, 0, canvas.width, canvas.height), {
    x: 0,
    y: 0,
    width: canvas.width,
    height: canvas.height,
  });
  say(`Classified the uploaded image ${file.name}.`);
});

/** Times a few predictions on each backend the page has (WebGL, WebAssembly) and keeps the faster. */
async function fastestBackend(m: import("@tensorflow/tfjs").LayersModel): Promise<string> {
  (tf as unknown as { wasm?: { setWasmPaths(p: string): void } }).wasm?.setWasmPaths("vendor/");
  const x = tf.zeros([1, IMAGE_SIZE, IMAGE_SIZE, 1]);
  let best = { name: tf.getBackend(), ms: Infinity };
  for (const name of ["webgl", "wasm"]) {
    try {
      if (!(await tf.setBackend(name))) continue;
      tf.tidy(() => (m.predict(x) as import("@tensorflow/tfjs").Tensor).dataSync()); // warm-up
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) tf.tidy(() => (m.predict(x) as import("@tensorflow/tfjs").Tensor).dataSync());
      const ms = (performance.now() - t0) / 3;
      if (ms < best.ms) best = { name, ms };
    } catch {
      // this backend cannot start here
    }
  }
  x.dispose();
  await tf.setBackend(best.name);
  return `${best.name} (${best.ms.toFixed(1)} ms per frame at start)`;
}

async function main(): Promise<void> {
  const info = await (await fetch("api/model")).json();
  if (!info.available) {
    say(`No exported model yet. Make one with: ${info.command}`, "error");
    return;
  }
  model = await tf.loadLayersModel("model/model.json");
  $<HTMLSpanElement>("model-name").textContent = info.description;
  $<HTMLSpanElement>("backend").textContent = await fastestBackend(model);
  await startCamera();
}

main().catch((err) => say(`Error: ${(err as Error).message}`, "error"));
