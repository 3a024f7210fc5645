/**
 * TensorFlow graphs and sessions from TypeScript: a thin typed layer over native/tf_graph.c
 * (TensorFlow's C API, the library tfjs-node already loads). A graph is built op by op, its
 * gradients added by TensorFlow's own C++ gradient functions, and run in a session, once per
 * call, as tf.keras runs a compiled step. Only the native `tensorflow` backend has it:
 * `loadTfGraph()` returns null elsewhere, or when the addon was not built (scripts/native-graph.sh).
 */
import { loadAddon } from "./addons.js";

/** TensorFlow's TF_DataType codes for the two dtypes the study uses. */
export const DT = { float32: 1, int32: 3, int64: 9, resource: 20 } as const;

/** One output of an operation: `op:index`. */
export interface Output {
  op: string;
  index: number;
}

/** A tensor crossing between JavaScript and TensorFlow. */
export interface HostTensor {
  dtype: number;
  shape: number[];
  data: Float32Array | Int32Array;
}

type AttrKind = "type" | "types" | "int" | "ints" | "float" | "bool" | "string" | "shape" | "tensor";
export type Attr = [name: string, kind: AttrKind, value: number | number[] | boolean | string | HostTensor];
type Input = Output | Output[];

interface NativeTfGraph {
  newGraph(): object;
  addOp(graph: object, type: string, name: string, inputs: Input[], attrs: Attr[], control: string[]): number;
  addGradients(graph: object, prefix: string, ys: Output[], xs: Output[]): Output[];
  newSession(graph: object, config: Uint8Array): object;
  run(
    session: object,
    feeds: [Output, HostTensor][],
    fetches: Output[],
    targets: string[],
    runOptions?: Uint8Array,
  ): HostTensor[] & { metadata?: Uint8Array };
  closeSession(session: object): void;
}

/** The addon, or null where it was not built (the compiled step then is not available). */
export function loadTfGraph(): NativeTfGraph | null {
  return loadAddon<NativeTfGraph>("tf_graph.node");
}

/** RunOptions { trace_level: FULL_TRACE }, serialized. */
const RUN_OPTIONS_FULL_TRACE = Uint8Array.from([0x08, 3]);

/** A serialized ConfigProto with TensorFlow's two thread pools sized (0: TensorFlow's default). */
export function sessionConfig(intraOpThreads: number, interOpThreads: number): Uint8Array {
  // ConfigProto fields 2 (intra_op_parallelism_threads) and 5 (inter_op_parallelism_threads), varints
  const bytes: number[] = [];
  for (const [field, value] of [
    [2, intraOpThreads],
    [5, interOpThreads],
  ]) {
    if (value <= 0) continue;
    bytes.push(field << 3);
    for (let v = value; ; v >>>= 7) {
      if (v < 0x80) {
        bytes.push(v);
        break;
      }
      bytes.push((v & 0x7f) | 0x80);
    }
  }
  return Uint8Array.from(bytes);
}

export function floatTensor(data: Float32Array | number[], shape: number[]): HostTensor {
  return { dtype: DT.float32, shape, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

export function intTensor(data: Int32Array | number[], shape: number[]): HostTensor {
  return { dtype: DT.int32, shape, data: data instanceof Int32Array ? data : Int32Array.from(data) };
}

/** A graph under construction: ops named `scope/type_n` unless named. */
export class TfGraph {
  readonly handle: object;
  private readonly counts = new Map<string, number>();
  private scopes: string[] = [];

  constructor(readonly native: NativeTfGraph) {
    this.handle = native.newGraph();
  }

  /** Runs `build` with op names prefixed by `name/`. */
  scope<R>(name: string, build: () => R): R {
    this.scopes.push(name);
    try {
      return build();
    } finally {
      this.scopes.pop();
    }
  }

  private uniqueName(base: string): string {
    const full = [...this.scopes, base].join("/");
    const n = this.counts.get(full) ?? 0;
    this.counts.set(full, n + 1);
    return n === 0 ? full : `${full}_${n}`;
  }

  /** Adds an op; returns all its outputs. */
  ops(type: string, inputs: Input[], attrs: Attr[] = [], opts: { name?: string; control?: string[] } = {}): Output[] {
    const name = this.uniqueName(opts.name ?? type);
    const n = this.native.addOp(this.handle, type, name, inputs, attrs, opts.control ?? []);
    return Array.from({ length: n }, (_, index) => ({ op: name, index }));
  }

  /** Adds an op; returns its first output (or, for an op with none, a reference to it). */
  op(type: string, inputs: Input[], attrs: Attr[] = [], opts: { name?: string; control?: string[] } = {}): Output {
    const outs = this.ops(type, inputs, attrs, opts);
    return outs[0] ?? { op: this.lastName(type, opts.name), index: 0 };
  }

  private lastName(type: string, name?: string): string {
    const full = [...this.scopes, name ?? type].join("/");
    const n = this.counts.get(full)! - 1;
    return n === 0 ? full : `${full}_${n}`;
  }

  constant(value: HostTensor, name = "Const"): Output {
    return this.op(
      "Const",
      [],
      [
        ["dtype", "type", value.dtype],
        ["value", "tensor", value],
      ],
      { name },
    );
  }

  scalar(value: number, name = "Const"): Output {
    return this.constant(floatTensor([value], []), name);
  }

  ints(values: number[], name = "Const"): Output {
    return this.constant(intTensor(values, [values.length]), name);
  }

  placeholder(name: string, shape: number[], dtype: number = DT.float32): Output {
    return this.op(
      "Placeholder",
      [],
      [
        ["dtype", "type", dtype],
        ["shape", "shape", shape],
      ],
      { name },
    );
  }

  /** d(sum of ys)/d(each x), by TensorFlow's registered C++ gradients. */
  gradients(ys: Output[], xs: Output[]): Output[] {
    return this.native.addGradients(this.handle, this.uniqueName("gradients"), ys, xs);
  }

  session(config: Uint8Array = new Uint8Array()): TfSession {
    return new TfSession(this, this.native.newSession(this.handle, config));
  }
}

/** A session over a finished graph. */
export class TfSession {
  constructor(
    readonly graph: TfGraph,
    private handle: object | null,
  ) {}

  run(feeds: [Output, HostTensor][], fetches: Output[], targets: string[] = []): HostTensor[] {
    if (!this.handle) throw new Error("this TensorFlow session is closed");
    return this.graph.native.run(this.handle, feeds, fetches, targets);
  }

  /** The same run with TensorFlow's full trace: its outputs and the serialized RunMetadata (step-stats.ts reads it). */
  runTraced(
    feeds: [Output, HostTensor][],
    fetches: Output[],
    targets: string[] = [],
  ): { outputs: HostTensor[]; metadata: Uint8Array } {
    if (!this.handle) throw new Error("this TensorFlow session is closed");
    const outputs = this.graph.native.run(this.handle, feeds, fetches, targets, RUN_OPTIONS_FULL_TRACE);
    return { outputs, metadata: outputs.metadata ?? new Uint8Array() };
  }

  close(): void {
    if (this.handle) this.graph.native.closeSession(this.handle);
    this.handle = null;
  }
}

/** Element-wise and reduction ops on float32 tensors, for the parts of a step written by hand (losses, updates). */
export class FloatOps {
  constructor(readonly g: TfGraph) {}

  private t(): Attr {
    return ["T", "type", DT.float32];
  }

  unary(type: "Neg" | "Exp" | "Log" | "Relu" | "Sqrt" | "Square" | "LogSoftmax" | "Softmax", x: Output): Output {
    return this.g.op(type, [x], [this.t()]);
  }

  binary(
    type: "AddV2" | "Sub" | "Mul" | "RealDiv" | "Pow" | "Maximum",
    a: Output | number,
    b: Output | number,
  ): Output {
    const asOutput = (v: Output | number) => (typeof v === "number" ? this.g.scalar(v) : v);
    return this.g.op(type, [asOutput(a), asOutput(b)], [this.t()]);
  }

  /** Sum or mean over `axes` (all axes of a rank-`rank` tensor when omitted), without keeping them. */
  reduce(type: "Sum" | "Mean", x: Output, axes: number[]): Output {
    return this.g.op(
      type,
      [x, this.g.ints(axes)],
      [this.t(), ["Tidx", "type", DT.int32], ["keep_dims", "bool", false]],
    );
  }
}
