/**
 * The kernel tfjs 4.22's wasm backend lacks for training convolutions: Conv2DBackpropFilter.
 * It is computed by the backend's own Conv3DBackpropFilterV2 (stride 1, 'valid') on the same
 * data viewed with a depth of one, after padding x explicitly and, for strided convolutions,
 * spreading dy out with zeros between its entries (the strided filter gradient is the
 * stride-1 gradient of that spread-out dy).
 */
import * as tf from "@tensorflow/tfjs";

type Info = { dataId: object; shape: number[]; dtype: string };
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(info: Info): Float32Array;
  disposeData(dataId: object): boolean;
}

/** TensorFlow's 'same'/'valid' padding: [before, after] along one axis. */
export function padAmounts(pad: "same" | "valid", size: number, filter: number, stride: number): [number, number] {
  if (pad === "valid") return [0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + filter - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export function registerWasmTrainingKernels(): void {
  if (tf.getKernel("Conv2DBackpropFilter", "wasm")) return;
  const conv3dFilter = tf.getKernel("Conv3DBackpropFilterV2", "wasm");
  if (!conv3dFilter)
    throw new Error("the wasm backend has no Conv3DBackpropFilterV2 kernel to build Conv2DBackpropFilter on");
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend: b, attrs }) => {
      const backend = b as unknown as WasmBackend;
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const { strides, pad, dataFormat, filterShape } = attrs as unknown as {
        strides: number | [number, number];
        pad: unknown;
        dataFormat: string;
        filterShape: number[];
      };
      if (dataFormat !== "NHWC") throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}`);
      if (pad !== "same" && pad !== "valid")
        throw new Error(`Conv2DBackpropFilter on wasm supports 'same' and 'valid' padding only`);
      const [n, h, w, ci] = x.shape;
      const [, oh, ow, co] = dy.shape;
      const [kh, kw] = filterShape;
      const [sh, sw] = Array.isArray(strides) ? strides : [strides, strides];
      const [pt] = padAmounts(pad, h, kh, sh);
      const [pl] = padAmounts(pad, w, kw, sw);
      // dy spread out to stride 1, and x padded so that a 'valid' stride-1 conv yields that size
      const uh = (oh - 1) * sh + 1;
      const uw = (ow - 1) * sw + 1;
      const ph = uh + kh - 1;
      const pw = uw + kw - 1;
      const temps: Info[] = [];
      let xs = x;
      if (ph !== h || pw !== w || pt !== 0 || pl !== 0) {
        xs = backend.makeOutput([n, ph, pw, ci], "float32");
        temps.push(xs);
        const src = backend.typedArrayFromHeap(x);
        const dst = backend.typedArrayFromHeap(xs);
        dst.fill(0);
        for (let i = 0; i < n; i++)
          for (let r = 0; r < h; r++) {
            const rr = r + pt;
            if (rr >= ph) continue;
            const cols = Math.min(w, pw - pl);
            dst.set(src.subarray((i * h + r) * w * ci, ((i * h + r) * w + cols) * ci), ((i * ph + rr) * pw + pl) * ci);
          }
      }
      let dys = dy;
      if (sh !== 1 || sw !== 1) {
        dys = backend.makeOutput([n, uh, uw, co], "float32");
        temps.push(dys);
        const src = backend.typedArrayFromHeap(dy);
        const dst = backend.typedArrayFromHeap(dys);
        dst.fill(0);
        for (let i = 0; i < n; i++)
          for (let r = 0; r < oh; r++)
            for (let c = 0; c < ow; c++)
              dst.set(
                src.subarray(((i * oh + r) * ow + c) * co, ((i * oh + r) * ow + c + 1) * co),
                ((i * uh + r * sh) * uw + c * sw) * co,
              );
      }
      const out = conv3dFilter.kernelFunc({
        inputs: { x: { ...xs, shape: [n, 1, ph, pw, ci] }, dy: { ...dys, shape: [n, 1, uh, uw, co] } } as never,
        backend: b,
        attrs: { strides: [1, 1, 1], pad: "valid", filterShape: [1, ...filterShape] } as never,
      }) as Info;
      for (const t of temps) backend.disposeData(t.dataId);
      return { ...out, shape: filterShape } as never;
    },
  });
}
