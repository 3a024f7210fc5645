/**
 * A notebook's file text exactly as Jupyter writes it (nbformat: keys sorted, one-space indent,
 * Python's float notation, a final newline). A notebook this project rewrites from TypeScript
 * then reads the same as one JupyterLab saves, so opening and saving it changes no byte.
 */

/** A number as Python's json module writes the value JupyterLab sends for it. */
function pythonNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`a notebook cannot hold the number ${x}`);
  // an integral value crosses JupyterLab's JSON as an integer literal, which Python keeps as an int
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  // otherwise Python's repr: the same shortest digits, exponent form below 1e-4 or from 1e16 on
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(x);
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return pythonNumber(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + write(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return "{}";
    const record = value as Record<string, unknown>;
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(record[k], inner)}`).join(",\n")}\n${indent}}`;
  }
  throw new Error(`a notebook cannot hold a ${typeof value}`);
}

/** The file text of a notebook, byte for byte what nbformat writes for it. */
export function notebookText(nb: object): string {
  return `${write(nb, "")}\n`;
}
