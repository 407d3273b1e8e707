/** Kubernetes resource quantities (the subset node status uses) as numbers. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** CPU cores from "4", "3800m" or "0.5". */
export function parseCpu(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!match) throw new Error(`parseCpu: "${quantity}" is not a CPU quantity (e.g. "4" or "3800m").`);
  const value = Number(match[1]);
  return match[2] === 'm' ? value / 1000 : value;
}

/** Bytes from "16318680Ki", "16Gi", "17179869184" or "16G". */
export function parseMemoryBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!match) throw new Error(`parseMemoryBytes: "${quantity}" is not a memory quantity (e.g. "16Gi").`);
  const unit = match[2];
  const factor = unit === undefined ? 1 : (BINARY[unit] ?? DECIMAL[unit] ?? 1);
  return Number(match[1]) * factor;
}
