/**
 * Real sparse matrices in compressed sparse row form (CSR), built from (row, column, value)
 * triplets with duplicates summed; the product y = A x without allocation.
 */
import type { SparseMatrix } from '@glassy/contracts';

/** The contract's SparseMatrix (row r holds entries rowStart[r] … rowStart[r + 1] − 1). */
export type CsrMatrix = SparseMatrix;

/** CSR from triplets (any order; duplicates summed; exact zeros kept out). */
export function csrFromTriplets(n: number, rows: readonly number[], cols: readonly number[], vals: readonly number[]): CsrMatrix {
  const perRow: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  for (let k = 0; k < rows.length; k++) {
    const m = perRow[rows[k]!]!;
    m.set(cols[k]!, (m.get(cols[k]!) ?? 0) + vals[k]!);
  }
  const rowStart = new Int32Array(n + 1);
  const column: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < n; r++) {
    for (const [c, v] of [...perRow[r]!].sort((a, b) => a[0] - b[0])) {
      if (v === 0) continue;
      column.push(c);
      value.push(v);
    }
    rowStart[r + 1] = column.length;
  }
  return { n, rowStart, column: Int32Array.from(column), value: Float64Array.from(value) };
}

/** y = A x. */
export function csrMultiply(a: CsrMatrix, x: Float64Array, y: Float64Array): void {
  for (let r = 0; r < a.n; r++) {
    let s = 0;
    for (let k = a.rowStart[r]!; k < a.rowStart[r + 1]!; k++) s += a.value[k]! * x[a.column[k]!]!;
    y[r] = s;
  }
}

/** The dense row-major copy (duplicate entries of a row summed, as the CSR reading has it). */
export function csrToDense(a: CsrMatrix): Float64Array {
  const d = new Float64Array(a.n * a.n);
  for (let r = 0; r < a.n; r++) for (let k = a.rowStart[r]!; k < a.rowStart[r + 1]!; k++) d[r * a.n + a.column[k]!] = d[r * a.n + a.column[k]!]! + a.value[k]!;
  return d;
}

/** max |A_rc − A_cr| over the stored entries (0 for an exactly symmetric matrix). */
export function asymmetry(a: CsrMatrix): number {
  const entry = (r: number, c: number): number => {
    let lo = a.rowStart[r]!;
    let hi = a.rowStart[r + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const col = a.column[mid]!;
      if (col === c) return a.value[mid]!;
      if (col < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  };
  let m = 0;
  for (let r = 0; r < a.n; r++) for (let k = a.rowStart[r]!; k < a.rowStart[r + 1]!; k++) m = Math.max(m, Math.abs(a.value[k]! - entry(a.column[k]!, r)));
  return m;
}
