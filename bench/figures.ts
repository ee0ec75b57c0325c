/**
 * Benchmark figures and how they are printed: one JSON object per line (`--json`) or a table.
 */

/** One measured figure with its reference measured in the same run. */
export interface Figure {
  /** Stable name, e.g. `ingest`, `search_p95`. */
  name: string;
  /** Our value, in `unit`. */
  value: number;
  /** `msg/s`, `rows/s`, `ms` or `MB`. */
  unit: string;
  /** What the reference is, e.g. `sqlite3 shell 3.40.1: .import + FTS5 triggers`. */
  reference: string;
  /** The reference's value in the same unit; `null` when it could not be measured. */
  reference_value: number | null;
  /** Ours ÷ reference for rates, reference ÷ ours for latencies and memory: higher is better. */
  ratio: number | null;
}

/** A target a figure should meet, printed next to it. */
export interface Target {
  /** Human text, e.g. `≥ 50,000 msg/s`. */
  text: string;
  met: (figure: Figure) => boolean;
}

/** Which direction is better for a figure's value. */
export type Better = "higher" | "lower";

/** Builds a figure, computing `ratio` so that higher is better. */
export function figure(
  name: string,
  value: number,
  unit: string,
  better: Better,
  reference: string,
  referenceValue: number | null,
): Figure {
  let ratio: number | null = null;
  if (referenceValue !== null && value > 0 && referenceValue > 0) {
    ratio = better === "higher" ? value / referenceValue : referenceValue / value;
  }
  return { name, value: round(value), unit, reference, reference_value: referenceValue === null ? null : round(referenceValue), ratio: ratio === null ? null : round(ratio) };
}

function round(value: number): number {
  return Number(value.toPrecision(value >= 1000 ? 7 : 4));
}

/** `--json` output: one object per figure and line, keys in the documented order. */
export function figuresAsJsonLines(figures: readonly Figure[]): string {
  return figures
    .map(({ name, value, unit, reference, reference_value, ratio }) =>
      JSON.stringify({ name, value, unit, reference, reference_value, ratio }),
    )
    .join("\n");
}

/** A readable table with the targets, one figure per row. */
export function figuresAsTable(figures: readonly Figure[], targets: Readonly<Record<string, Target>>): string {
  const rows = figures.map((f) => {
    const target = targets[f.name];
    return [
      f.name,
      `${formatNumber(f.value)} ${f.unit}`,
      f.reference_value === null ? "—" : `${formatNumber(f.reference_value)} ${f.unit}`,
      f.ratio === null ? "—" : f.ratio.toFixed(2),
      target ? `${target.text} ${target.met(f) ? "✓ met" : "✗ missed"}` : "",
      f.reference,
    ];
  });
  const header = ["figure", "tgscope", "reference", "ratio", "target", "reference is"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(value >= 10 ? 1 : 2);
}
