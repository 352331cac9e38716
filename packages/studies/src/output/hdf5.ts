/**
 * HDF5 output through h5wasm (the HDF5 C library compiled to WebAssembly; no native build).
 *
 * A document is plain data: groups holding attributes, datasets and sub-groups. The file is
 * written to a temporary sibling and renamed into place, so a reader never sees half a file.
 * The files open in h5py, h5dump and HDFView.
 *
 * Types are explicit, never guessed from values (h5wasm would store `[0, 1, 2]` as int32):
 * - `number`, `number[]`, Float64Array  -> float64 (unless `dtype` says otherwise)
 * - other typed arrays                   -> their own type (Int32Array -> int32, BigInt64Array -> int64...)
 * - `bigint`                             -> int64 scalar
 * - `string`, `string[]`                 -> variable-length UTF-8 strings (h5py reads `str`)
 * - `{ shape, data, dtype? }`            -> an n-dimensional array, `data` in row-major (C) order
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import h5wasm, { type OutputData } from 'h5wasm/node';
import { GlassyInputError } from '@glassy/contracts';
import { replaceFileAtomic } from './atomic.js';

export type Hdf5Dtype = 'float64' | 'float32' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8';

export type Hdf5TypedArray =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | BigUint64Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

export type Hdf5NumericData = Hdf5TypedArray | readonly number[];

/** An n-dimensional numeric array; `data` holds `shape.reduce(*)` elements in row-major order. */
export interface Hdf5Array {
  readonly shape: readonly number[];
  readonly data: Hdf5NumericData;
  /** Storage type; default: the typed array's own type, float64 for `number[]`. */
  readonly dtype?: Hdf5Dtype;
  /** gzip level 1-9 (chunked storage). Worth it for large per-sample matrices. */
  readonly compression?: number;
  readonly attrs?: Hdf5Attributes;
}

export type Hdf5DatasetValue = Hdf5NumericData | Hdf5Array | string | readonly string[];
export type Hdf5AttributeValue = string | readonly string[] | number | bigint | Hdf5NumericData;
export type Hdf5Attributes = Readonly<Record<string, Hdf5AttributeValue>>;

export interface Hdf5Group {
  readonly attrs?: Hdf5Attributes;
  readonly datasets?: Readonly<Record<string, Hdf5DatasetValue>>;
  readonly groups?: Readonly<Record<string, Hdf5Group>>;
}

/** The root group of a file. */
export type Hdf5Document = Hdf5Group;

// -------------------------------------------------------------------------------------- names

/**
 * An h5py-friendly group name for one parameter value: `parameterGroupName('g', 0.5)` is `"g_0.5"`.
 * The value is written in JavaScript's shortest round-trip form, so `Number(name.slice(2))`
 * gives the value back exactly.
 */
export function parameterGroupName(parameter: string, value: number): string {
  if (!Number.isFinite(value)) throw new GlassyInputError(`hdf5: ${parameter} = ${value} cannot name a group`);
  checkName(parameter, 'parameter name');
  return `${parameter}_${String(value)}`;
}

function checkName(name: string, where: string): void {
  if (name === '' || name === '.' || name.includes('/')) {
    throw new GlassyInputError(`hdf5: ${where} ${JSON.stringify(name)} is not a valid HDF5 link name (empty, "." or contains "/")`);
  }
}

// -------------------------------------------------------------------------------------- types

const H5WASM_DTYPE: Record<Hdf5Dtype, string> = {
  float64: '<d',
  float32: '<f',
  int64: '<q',
  int32: '<i',
  int16: '<h',
  int8: '<b',
  uint64: '<Q',
  uint32: '<I',
  uint16: '<H',
  uint8: '<B',
};

const INTEGER_RANGE: Partial<Record<Hdf5Dtype, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  int8: [-128, 127],
  uint32: [0, 2 ** 32 - 1],
  uint16: [0, 2 ** 16 - 1],
  uint8: [0, 255],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

function dtypeOfTypedArray(a: Hdf5TypedArray): Hdf5Dtype {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof BigUint64Array) return 'uint64';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Uint16Array) return 'uint16';
  return 'uint8';
}

/** Convert `data` to the typed array h5wasm stores for `dtype`, checking integer values. */
function toTypedArray(data: Hdf5NumericData, dtype: Hdf5Dtype, where: string): Hdf5TypedArray {
  if (ArrayBuffer.isView(data) && dtypeOfTypedArray(data) === dtype && !(data instanceof Uint8ClampedArray)) return data;
  const values = Array.from(data as ArrayLike<number | bigint>, Number);
  const range = INTEGER_RANGE[dtype];
  if (range !== undefined) {
    const bad = values.findIndex((v) => !Number.isInteger(v) || v < range[0] || v > range[1]);
    if (bad >= 0) throw new GlassyInputError(`hdf5: ${where}[${bad}] = ${values[bad]} is not a valid ${dtype}`);
  }
  switch (dtype) {
    case 'float64':
      return Float64Array.from(values);
    case 'float32':
      return Float32Array.from(values);
    case 'int64':
      return BigInt64Array.from(values, BigInt);
    case 'int32':
      return Int32Array.from(values);
    case 'int16':
      return Int16Array.from(values);
    case 'int8':
      return Int8Array.from(values);
    case 'uint64':
      return BigUint64Array.from(values, BigInt);
    case 'uint32':
      return Uint32Array.from(values);
    case 'uint16':
      return Uint16Array.from(values);
    case 'uint8':
      return Uint8Array.from(values);
  }
}

function isHdf5Array(v: Hdf5DatasetValue): v is Hdf5Array {
  return typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'shape' in v;
}

function isStringList(v: readonly unknown[]): v is readonly string[] {
  return v.length > 0 && v.every((s) => typeof s === 'string');
}

// -------------------------------------------------------------------------------------- write

type H5Group = InstanceType<typeof h5wasm.Group>;
type HasAttrs = Pick<H5Group, 'create_attribute'>;

/**
 * Row-major chunks of at most about 1 MiB, whole rows where possible; compression needs chunks.
 */
function chunkShape(shape: readonly number[], bytesPerElement: number): number[] {
  const rowElements = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = Math.max(1, Math.min(shape[0]!, Math.floor(2 ** 20 / (bytesPerElement * rowElements))));
  return [rows, ...shape.slice(1)];
}

function writeAttributes(target: HasAttrs, attrs: Hdf5Attributes | undefined, where: string): void {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    checkName(name, `attribute at ${where}`);
    const w = `${where}@${name}`;
    if (typeof value === 'string') target.create_attribute(name, value, null, 'S');
    else if (typeof value === 'number') target.create_attribute(name, value, null, '<d');
    else if (typeof value === 'bigint') target.create_attribute(name, BigInt64Array.of(value), [], '<q');
    else if (Array.isArray(value) && isStringList(value)) target.create_attribute(name, [...value], [value.length], 'S');
    else {
      const numeric = value as Hdf5NumericData;
      const dtype = ArrayBuffer.isView(numeric) ? dtypeOfTypedArray(numeric) : 'float64';
      const data = toTypedArray(numeric, dtype, w);
      target.create_attribute(name, data, [data.length], H5WASM_DTYPE[dtype]);
    }
  }
}

function writeDataset(group: H5Group, name: string, value: Hdf5DatasetValue, where: string): void {
  checkName(name, `dataset in ${where}`);
  const w = `${where === '/' ? '' : where}/${name}`;
  if (typeof value === 'string') {
    group.create_dataset({ name, data: value, dtype: 'S' });
    return;
  }
  if (Array.isArray(value) && isStringList(value)) {
    group.create_dataset({ name, data: [...value], shape: [value.length], dtype: 'S' });
    return;
  }
  const array: Hdf5Array = isHdf5Array(value) ? value : { shape: [(value as Hdf5NumericData).length], data: value as Hdf5NumericData };
  const shape = [...array.shape];
  if (!shape.every((n) => Number.isInteger(n) && n >= 0)) throw new GlassyInputError(`hdf5: ${w}: shape [${shape.join(', ')}] must hold non-negative integers`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== array.data.length) {
    throw new GlassyInputError(`hdf5: ${w}: shape [${shape.join(', ')}] needs ${size} elements, data has ${array.data.length}`);
  }
  const dtype = array.dtype ?? (ArrayBuffer.isView(array.data) ? dtypeOfTypedArray(array.data) : 'float64');
  const data = toTypedArray(array.data, dtype, w);
  const level = array.compression;
  if (level !== undefined && !(Number.isInteger(level) && level >= 1 && level <= 9)) {
    throw new GlassyInputError(`hdf5: ${w}: compression must be a gzip level 1-9, got ${level}`);
  }
  const compress = level !== undefined && shape.length > 0 && size > 0;
  const dataset = group.create_dataset({
    name,
    data,
    shape,
    dtype: H5WASM_DTYPE[dtype],
    ...(compress ? { chunks: chunkShape(shape, data.BYTES_PER_ELEMENT), compression: 'gzip' as const, compression_opts: level } : {}),
  });
  writeAttributes(dataset, array.attrs, w);
}

function writeGroup(group: H5Group, doc: Hdf5Group, where: string): void {
  writeAttributes(group, doc.attrs, where);
  for (const [name, value] of Object.entries(doc.datasets ?? {})) writeDataset(group, name, value, where);
  for (const [name, sub] of Object.entries(doc.groups ?? {})) {
    checkName(name, `group in ${where}`);
    if (doc.datasets !== undefined && name in doc.datasets) throw new GlassyInputError(`hdf5: ${where}: "${name}" is both a dataset and a group`);
    writeGroup(group.create_group(name, true), sub, `${where === '/' ? '' : where}/${name}`);
  }
}

/**
 * Write `doc` to `path` (HDF5, insertion order kept) atomically. Throws GlassyInputError for a
 * path that cannot be written and for a malformed document (naming the dataset or attribute);
 * on any error no file, partial or temporary, is left behind.
 */
export async function writeHdf5Atomic(path: string, doc: Hdf5Document, label = path): Promise<void> {
  await h5wasm.ready;
  await replaceFileAtomic(
    path,
    (tmp) => {
      const file = new h5wasm.File(tmp, 'w', { track_order: true });
      try {
        writeGroup(file, doc, '/');
      } finally {
        file.close();
      }
    },
    label,
  );
}

// -------------------------------------------------------------------------------------- read

/** As h5wasm returns it: typed array, number, bigint, string, string[]... (null if unreadable). */
export type Hdf5ReadValue = OutputData | null;

export interface Hdf5ReadDataset {
  readonly shape: number[];
  /** One of Hdf5Dtype, or 'string', or 'other' (compound, enum, reference...). */
  readonly dtype: Hdf5Dtype | 'string' | 'other';
  /** Typed array (row-major) for numbers, `string` / `string[]` for strings. */
  readonly value: Hdf5ReadValue;
  readonly attrs: Record<string, Hdf5ReadValue>;
}

export interface Hdf5ReadGroup {
  readonly attrs: Record<string, Hdf5ReadValue>;
  readonly datasets: Record<string, Hdf5ReadDataset>;
  readonly groups: Record<string, Hdf5ReadGroup>;
}

interface H5Metadata {
  type: number;
  size: number;
  signed: boolean;
}

function dtypeName(m: H5Metadata): Hdf5ReadDataset['dtype'] {
  if (m.type === 3) return 'string'; // H5T_STRING
  if (m.type === 1) return m.size === 8 ? 'float64' : m.size === 4 ? 'float32' : 'other'; // H5T_FLOAT
  if (m.type === 0) {
    const bits = m.size * 8; // H5T_INTEGER
    const name = `${m.signed ? 'int' : 'uint'}${bits}`;
    return name in H5WASM_DTYPE ? (name as Hdf5Dtype) : 'other';
  }
  return 'other';
}

function readAttributes(obj: { attrs: Record<string, { value: OutputData | null }> }): Record<string, Hdf5ReadValue> {
  const out: Record<string, Hdf5ReadValue> = {};
  for (const [name, attr] of Object.entries(obj.attrs)) out[name] = attr.value;
  return out;
}

function readGroup(group: H5Group): Hdf5ReadGroup {
  const out: Hdf5ReadGroup = { attrs: readAttributes(group), datasets: {}, groups: {} };
  for (const name of group.keys()) {
    const entity = group.get(name);
    if (entity instanceof h5wasm.Group) out.groups[name] = readGroup(entity);
    else if (entity instanceof h5wasm.Dataset) {
      out.datasets[name] = {
        shape: entity.shape ?? [],
        dtype: dtypeName(entity.metadata),
        value: entity.value,
        attrs: readAttributes(entity),
      };
    }
  }
  return out;
}

/** Read a whole HDF5 file into plain data (for tests and small result files). */
export async function readHdf5(path: string): Promise<Hdf5ReadGroup> {
  await h5wasm.ready;
  if (!existsSync(path)) throw new GlassyInputError(`hdf5: ${path} does not exist`);
  const file = new h5wasm.File(resolve(path), 'r');
  try {
    return readGroup(file);
  } finally {
    file.close();
  }
}
