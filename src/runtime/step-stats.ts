/**
 * What TensorFlow's full trace of a session run says (RunMetadata.step_stats): each executed
 * node's name, kernel and time. Read with a minimal protocol-buffer reader for the few fields
 * needed (step_stats.proto: StepStats.dev_stats = 1, DeviceStepStats.node_stats = 2,
 * NodeExecStats.node_name = 1, all_start_micros = 2, all_end_rel_micros = 5, timeline_label = 8).
 */

export interface NodeTime {
  node: string;
  /** the kernel that ran, from the timeline label ("x = _MklNativeConv2D(a, b)" → "_MklNativeConv2D") */
  kernel: string;
  startMicros: number;
  micros: number;
}

type Field = { field: number; wire: number; value: number | Uint8Array };

function* fields(bytes: Uint8Array): Generator<Field> {
  let i = 0;
  const varint = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[i++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  };
  while (i < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const length = varint();
      yield { field, wire, value: bytes.subarray(i, i + length) };
      i += length;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`step stats: unsupported protocol-buffer wire type ${wire}`);
  }
}

function messages(bytes: Uint8Array, field: number): Uint8Array[] {
  return [...fields(bytes)].filter((f) => f.field === field && f.wire === 2).map((f) => f.value as Uint8Array);
}

const text = new TextDecoder();

/** Every node the run executed, on every device, from a serialized RunMetadata. */
export function nodeTimes(runMetadata: Uint8Array): NodeTime[] {
  const out: NodeTime[] = [];
  for (const stepStats of messages(runMetadata, 1))
    for (const device of messages(stepStats, 1))
      for (const node of messages(device, 2)) {
        let name = "";
        let label = "";
        let start = 0;
        let micros = 0;
        for (const f of fields(node)) {
          if (f.field === 1 && f.wire === 2) name = text.decode(f.value as Uint8Array);
          else if (f.field === 8 && f.wire === 2) label = text.decode(f.value as Uint8Array);
          else if (f.field === 2 && f.wire === 0) start = f.value as number;
          else if (f.field === 5 && f.wire === 0) micros = f.value as number;
        }
        out.push({ node: name, kernel: /=\s*([\w.]+)\(/.exec(label)?.[1] ?? name, startMicros: start, micros });
      }
  return out;
}
