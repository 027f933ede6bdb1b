// Register-blocked single-precision matrix product with 128-bit SIMD.
// C[M,N] (+)= A[M,K] @ B[K,N]; all matrices row-major with leading dimensions (in floats)
// so that column blocks of a wider matrix can be addressed in place. Pointers are byte offsets.
// A 6x8 (relaxed build) or 4x8 block keeps 12 or 8 f32x4 accumulators in registers across the
// whole K loop, reading A and B from packed copies (see gemmPanel).

@inline function bcast(p: usize): v128 {
  return v128.load32_splat(p);
}

// acc + a*b. The relaxed-SIMD build uses a fused multiply-add (one instruction instead of two:
// about 1.4x the matrix throughput in V8); the baseline build keeps to SIMD128.
@inline function fma(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// 6 rows x 8 columns: 12 accumulators, over A packed by packRows (k-major: the 6 rows' values for
// one k are adjacent). Only the relaxed build uses it: with fused multiply-add the block fits V8's
// 15 usable vector registers; with separate mul/add it spills and loses. One pointer and
// immediate offsets replace six row addresses that V8 recomputed at every k: the unpacked loop
// spent more instructions on address arithmetic than on multiply-adds.
function block6x8Packed(K: i32, pa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  const r2 = 2 * sc, r3 = 3 * sc, r4 = 4 * sc, r5 = 5 * sc;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + sc); c11 = v128.load(c + sc, 16);
    c20 = v128.load(c + r2); c21 = v128.load(c + r2, 16);
    c30 = v128.load(c + r3); c31 = v128.load(c + r3, 16);
    c40 = v128.load(c + r4); c41 = v128.load(c + r4, 16);
    c50 = v128.load(c + r5); c51 = v128.load(c + r5, 16);
  }
  let pb = b;
  let p = pa;
  const end = pa + <usize>K * 24;
  for (; p < end; p += 24) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(p);
    c00 = fma(c00, x0, b0); c01 = fma(c01, x0, b1);
    const x1 = v128.load32_splat(p, 4);
    c10 = fma(c10, x1, b0); c11 = fma(c11, x1, b1);
    const x2 = v128.load32_splat(p, 8);
    c20 = fma(c20, x2, b0); c21 = fma(c21, x2, b1);
    const x3 = v128.load32_splat(p, 12);
    c30 = fma(c30, x3, b0); c31 = fma(c31, x3, b1);
    const x4 = v128.load32_splat(p, 16);
    c40 = fma(c40, x4, b0); c41 = fma(c41, x4, b1);
    const x5 = v128.load32_splat(p, 20);
    c50 = fma(c50, x5, b0); c51 = fma(c51, x5, b1);
    pb += sb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + r2, c20); v128.store(c + r2, c21, 16);
  v128.store(c + r3, c30); v128.store(c + r3, c31, 16);
  v128.store(c + r4, c40); v128.store(c + r4, c41, 16);
  v128.store(c + r5, c50); v128.store(c + r5, c51, 16);
}

// 4 rows x 8 columns over A packed by packRows (k-major, 4 floats per k).
function block4x8Packed(K: i32, pa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + sc); c11 = v128.load(c + sc, 16);
    c20 = v128.load(c + 2 * sc); c21 = v128.load(c + 2 * sc, 16);
    c30 = v128.load(c + 3 * sc); c31 = v128.load(c + 3 * sc, 16);
  }
  let pb = b;
  const end = pa + (<usize>K << 4);
  for (let p = pa; p < end; p += 16) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(p);
    c00 = fma(c00, x0, b0); c01 = fma(c01, x0, b1);
    const x1 = v128.load32_splat(p, 4);
    c10 = fma(c10, x1, b0); c11 = fma(c11, x1, b1);
    const x2 = v128.load32_splat(p, 8);
    c20 = fma(c20, x2, b0); c21 = fma(c21, x2, b1);
    const x3 = v128.load32_splat(p, 12);
    c30 = fma(c30, x3, b0); c31 = fma(c31, x3, b1);
    pb += sb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + 2 * sc, c20); v128.store(c + 2 * sc, c21, 16);
  v128.store(c + 3 * sc, c30); v128.store(c + 3 * sc, c31, 16);
}

function block4x4(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  if (accumulate) {
    c0 = v128.load(c); c1 = v128.load(c + sc); c2 = v128.load(c + 2 * sc); c3 = v128.load(c + 3 * sc);
  }
  const a1 = a + sa, a2 = a + 2 * sa, a3 = a + 3 * sa;
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    const b0 = v128.load(pb);
    c0 = fma(c0, bcast(a + k), b0);
    c1 = fma(c1, bcast(a1 + k), b0);
    c2 = fma(c2, bcast(a2 + k), b0);
    c3 = fma(c3, bcast(a3 + k), b0);
    pb += sb;
  }
  v128.store(c, c0); v128.store(c + sc, c1); v128.store(c + 2 * sc, c2); v128.store(c + 3 * sc, c3);
}

// Up to 3 leftover columns for 4 rows: a dot product per element, vectorised along K.
function block4x1(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  for (let r: usize = 0; r < 4; r++) {
    const ar = a + r * sa;
    let s: f32 = accumulate ? load<f32>(c + r * sc) : 0;
    let pb = b;
    for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
      s += load<f32>(ar + k) * load<f32>(pb);
      pb += sb;
    }
    store<f32>(c + r * sc, s);
  }
}

function row1x8(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  if (accumulate) { c0 = v128.load(c); c1 = v128.load(c, 16); }
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    const x = bcast(a + k);
    c0 = fma(c0, x, v128.load(pb));
    c1 = fma(c1, x, v128.load(pb, 16));
    pb += sb;
  }
  v128.store(c, c0); v128.store(c, c1, 16);
}

function row1x4(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool): void {
  let c0 = accumulate ? v128.load(c) : f32x4.splat(0);
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    c0 = fma(c0, bcast(a + k), v128.load(pb));
    pb += sb;
  }
  v128.store(c, c0);
}

function row1x1(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool): void {
  let s: f32 = accumulate ? load<f32>(c) : 0;
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    s += load<f32>(a + k) * load<f32>(pb);
    pb += sb;
  }
  store<f32>(c, s);
}

// Add lanes 4-n..3 of v to (or store them at) p + 4*(4-n) .. p + 12: the last n columns of a
// 4-wide block that ends at the matrix's last column (its first 4-n lanes belong to a full block).
@inline function storeTailLanes(p: usize, v: v128, n: i32, accumulate: bool): void {
  if (n >= 3) store<f32>(p, f32x4.extract_lane(v, 1) + (accumulate ? load<f32>(p, 4) : 0), 4);
  if (n >= 2) store<f32>(p, f32x4.extract_lane(v, 2) + (accumulate ? load<f32>(p, 8) : 0), 8);
  store<f32>(p, f32x4.extract_lane(v, 3) + (accumulate ? load<f32>(p, 12) : 0), 12);
}

// The last n (1..3) columns of 4 rows, computed as a 4-wide block over columns N-4..N-1.
function block4x4Tail(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool, n: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const a1 = a + sa, a2 = a + 2 * sa, a3 = a + 3 * sa;
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    const b0 = v128.load(pb);
    c0 = fma(c0, bcast(a + k), b0);
    c1 = fma(c1, bcast(a1 + k), b0);
    c2 = fma(c2, bcast(a2 + k), b0);
    c3 = fma(c3, bcast(a3 + k), b0);
    pb += sb;
  }
  storeTailLanes(c, c0, n, accumulate);
  storeTailLanes(c + sc, c1, n, accumulate);
  storeTailLanes(c + 2 * sc, c2, n, accumulate);
  storeTailLanes(c + 3 * sc, c3, n, accumulate);
}

function row1x4Tail(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool, n: i32): void {
  let c0 = f32x4.splat(0);
  let pb = b;
  for (let k: usize = 0, kb: usize = <usize>K << 2; k < kb; k += 4) {
    c0 = fma(c0, bcast(a + k), v128.load(pb));
    pb += sb;
  }
  storeTailLanes(c, c0, n, accumulate);
}

// K is split into panels so long reductions (weight gradients over all T*B rows) stay in cache.
const K_PANEL: i32 = 256;
// Rows of A per block: a 192 x 256 block of A (192 KB) stays in L2 while every column panel of B
// passes it (without this, products with thousands of rows streamed all of A once per panel).
const M_BLOCK: i32 = 192;
// One K-panel x 8 columns of B, copied contiguous. Rows of B are often 2 KB apart (4H = 512
// floats); at that stride a panel's rows fall in 2 of L1's 64 sets and evict one another.
const PACKED_B: usize = memory.data(K_PANEL * 8 * 4, 64);
// A block's row groups packed k-major for block6x8Packed / block4x8Packed (M_BLOCK x K_PANEL floats).
const PACKED_A: usize = memory.data(M_BLOCK * K_PANEL * 4, 64);

// Column `column` of the 4x4 block whose rows are r0..r3, by two rounds of shuffles: packRows and
// transpose move four floats per store instead of one float per store at a stride.
@inline function transposed4x4(r0: v128, r1: v128, r2: v128, r3: v128, column: i32): v128 {
  // column is a constant at every call site, so the branches fold away after inlining.
  if (column < 2) {
    const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
    return column == 0 ? f32x4.shuffle(t0, t1, 0, 1, 4, 5) : f32x4.shuffle(t0, t1, 2, 3, 6, 7);
  }
  const t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  return column == 2 ? f32x4.shuffle(t2, t3, 0, 1, 4, 5) : f32x4.shuffle(t2, t3, 2, 3, 6, 7);
}

// Rows 0..rows-1 of A (row stride sa bytes), columns 0..K-1, to dst as K groups of `rows`
// floats (k-major), for block6x8Packed (rows 6) and block4x8Packed (rows 4). Four k at a time:
// rows 0-3 transposed in registers, rows 4-5 interleaved in pairs.
function packRows(K: i32, rows: i32, a: usize, sa: usize, dst: usize): void {
  const groupBytes = <usize>rows << 2;
  const a1 = a + sa, a2 = a + 2 * sa, a3 = a + 3 * sa, a4 = a + 4 * sa, a5 = a + 5 * sa;
  const K4 = K & ~3;
  let d = dst;
  for (let k = 0; k < K4; k += 4) {
    const o = <usize>k << 2;
    const r0 = v128.load(a + o), r1 = v128.load(a1 + o), r2 = v128.load(a2 + o), r3 = v128.load(a3 + o);
    const c0 = transposed4x4(r0, r1, r2, r3, 0), c1 = transposed4x4(r0, r1, r2, r3, 1);
    const c2 = transposed4x4(r0, r1, r2, r3, 2), c3 = transposed4x4(r0, r1, r2, r3, 3);
    if (rows == 6) {
      const r4 = v128.load(a4 + o), r5 = v128.load(a5 + o);
      const u0 = f32x4.shuffle(r4, r5, 0, 4, 1, 5), u1 = f32x4.shuffle(r4, r5, 2, 6, 3, 7);
      v128.store(d, c0); v128.store64_lane(d, u0, 0, 16);
      v128.store(d, c1, 24); v128.store64_lane(d, u0, 1, 40);
      v128.store(d, c2, 48); v128.store64_lane(d, u1, 0, 64);
      v128.store(d, c3, 72); v128.store64_lane(d, u1, 1, 88);
    } else {
      v128.store(d, c0); v128.store(d, c1, 16); v128.store(d, c2, 32); v128.store(d, c3, 48);
    }
    d += groupBytes << 2;
  }
  for (let k = K4; k < K; k++) {
    const o = <usize>k << 2;
    for (let r = 0; r < rows; r++) store<f32>(d + (<usize>r << 2), load<f32>(a + <usize>r * sa + o));
    d += groupBytes;
  }
}

// Copy rows 0..K-1, columns 0..7 of B (row stride sb bytes) to dst, K rows x 8 floats contiguous.
function copyPanel8(K: i32, b: usize, sb: usize, dst: usize): void {
  let src = b;
  let d = dst;
  for (let k = 0; k < K; k++) {
    v128.store(d, v128.load(src));
    v128.store(d, v128.load(src, 16), 16);
    src += sb;
    d += 32;
  }
}

// Bytes of one 8-column panel of B packed by packB (K rows x 8 floats).
@inline function packedPanelBytes(K: i32): usize {
  return <usize>K << 5;
}

/**
 * Pack the first N & ~7 columns of B [K, N] (leading dimension ldb) as 8-column panels, each K
 * rows x 8 floats contiguous, for gemmPacked. A product that reuses one B over many calls (the
 * recurrent kernel at every time step) packs it once instead of once per call.
 */
export function packB(K: i32, N: i32, B: usize, ldb: i32, dst: usize): void {
  const sb = <usize>ldb << 2;
  for (let j = 0; j + 8 <= N; j += 8) copyPanel8(K, B + (<usize>j << 2), sb, dst + <usize>(j >> 3) * packedPanelBytes(K));
}

// One block of at most M_BLOCK rows and one K-panel. Column panels outermost: each packed
// panel of B (KC rows x 8 columns, contiguous, in L1) serves every row block of A. Bp, if not 0,
// holds B's panels packed by packB (each panelBytes apart, already offset to this K-panel).
function gemmPanel(M: i32, N: i32, K: i32, A: usize, sa: usize, B: usize, sb: usize, C: usize, sc: usize, accumulate: bool,
  Bp: usize, panelBytes: usize): void {
  const M4 = M & ~3;
  // Relaxed build: as many 6-row blocks as leave a remainder 4-row blocks cover (6 = 2 mod 4).
  let n6 = ASC_FEATURE_RELAXED_SIMD ? M / 6 : 0;
  if (n6 > 0 && (M - 6 * n6) % 4 >= 2) n6--;
  const M6 = 6 * n6;
  // Packing B costs one pass over the panel; it pays once a few row blocks reuse it.
  const packBPanels = M >= 8;
  // The 8-column panels read A packed: 6-row groups, then 4-row groups, then single rows as is.
  let packedRows = 0;
  if (N >= 8) {
    for (; packedRows < M6; packedRows += 6) packRows(K, 6, A + <usize>packedRows * sa, sa, PACKED_A + <usize>packedRows * (<usize>K << 2));
    for (; packedRows + 4 <= M; packedRows += 4) packRows(K, 4, A + <usize>packedRows * sa, sa, PACKED_A + <usize>packedRows * (<usize>K << 2));
  }
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    let bj = B + (<usize>j << 2);
    let sbj = sb;
    if (Bp) {
      bj = Bp + <usize>(j >> 3) * panelBytes;
      sbj = 32;
    } else if (packBPanels) {
      copyPanel8(K, bj, sb, PACKED_B);
      bj = PACKED_B;
      sbj = 32;
    }
    const cj = C + (<usize>j << 2);
    let i = 0;
    for (; i < M6; i += 6) block6x8Packed(K, PACKED_A + <usize>i * (<usize>K << 2), bj, sbj, cj + <usize>i * sc, sc, accumulate);
    for (; i < packedRows; i += 4) block4x8Packed(K, PACKED_A + <usize>i * (<usize>K << 2), bj, sbj, cj + <usize>i * sc, sc, accumulate);
    for (; i < M; i++) row1x8(K, A + <usize>i * sa, bj, sbj, cj + <usize>i * sc, accumulate);
  }
  for (; j + 4 <= N; j += 4) {
    const bj = B + (<usize>j << 2), cj = C + (<usize>j << 2);
    let i = 0;
    for (; i < M4; i += 4) block4x4(K, A + <usize>i * sa, sa, bj, sb, cj + <usize>i * sc, sc, accumulate);
    for (; i < M; i++) row1x4(K, A + <usize>i * sa, bj, sb, cj + <usize>i * sc, accumulate);
  }
  const n = N - j;
  if (n == 0) return;
  if (N >= 4) {
    // Columns N-4..N-1 as one vector; only the last n lanes are new.
    const bj = B + (<usize>(N - 4) << 2), cj = C + (<usize>(N - 4) << 2);
    let i = 0;
    for (; i < M4; i += 4) block4x4Tail(K, A + <usize>i * sa, sa, bj, sb, cj + <usize>i * sc, sc, accumulate, n);
    for (; i < M; i++) row1x4Tail(K, A + <usize>i * sa, bj, sb, cj + <usize>i * sc, accumulate, n);
    return;
  }
  for (; j < N; j++) {
    const bj = B + (<usize>j << 2), cj = C + (<usize>j << 2);
    let i = 0;
    for (; i < M4; i += 4) block4x1(K, A + <usize>i * sa, sa, bj, sb, cj + <usize>i * sc, sc, accumulate);
    for (; i < M; i++) row1x1(K, A + <usize>i * sa, bj, sb, cj + <usize>i * sc, accumulate);
  }
}

export function gemm(M: i32, N: i32, K: i32, A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, accumulate: bool): void {
  gemmPacked(M, N, K, A, lda, B, ldb, 0, C, ldc, accumulate);
}

// gemm with B's 8-column panels already packed by packB at Bp (0: pack here, panel by panel).
// B itself is still read for the last N % 8 columns.
export function gemmPacked(M: i32, N: i32, K: i32, A: usize, lda: i32, B: usize, ldb: i32, Bp: usize, C: usize, ldc: i32, accumulate: bool): void {
  const sa = <usize>lda << 2, sb = <usize>ldb << 2, sc = <usize>ldc << 2;
  const panelBytes = packedPanelBytes(K);
  for (let k0 = 0; k0 < K; k0 += K_PANEL) {
    const kc = min(K_PANEL, K - k0);
    const Bpk: usize = Bp ? Bp + (<usize>k0 << 5) : 0;
    for (let i0 = 0; i0 < M; i0 += M_BLOCK) {
      const mc = min(M_BLOCK, M - i0);
      gemmPanel(mc, N, kc, A + <usize>i0 * sa + (<usize>k0 << 2), sa, B + <usize>k0 * sb, sb, C + <usize>i0 * sc, sc, accumulate || k0 > 0,
        Bpk, panelBytes);
    }
  }
}

// dst[cols, rows] = src[rows, cols]^T (src leading dimension lds, dst leading dimension ldd).
// 4x4 blocks transposed in registers; the edges element by element.
export function transpose(rows: i32, cols: i32, src: usize, lds: i32, dst: usize, ldd: i32): void {
  const ss = <usize>lds << 2, sd = <usize>ldd << 2;
  const R4 = rows & ~3, C4 = cols & ~3;
  for (let r = 0; r < R4; r += 4) {
    const s0 = src + <usize>r * ss, s1 = s0 + ss, s2 = s1 + ss, s3 = s2 + ss;
    const dr = dst + (<usize>r << 2);
    for (let c = 0; c < C4; c += 4) {
      const o = <usize>c << 2;
      const r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
      const d0 = dr + <usize>c * sd;
      v128.store(d0, transposed4x4(r0, r1, r2, r3, 0));
      v128.store(d0 + sd, transposed4x4(r0, r1, r2, r3, 1));
      v128.store(d0 + 2 * sd, transposed4x4(r0, r1, r2, r3, 2));
      v128.store(d0 + 3 * sd, transposed4x4(r0, r1, r2, r3, 3));
    }
    for (let c = C4; c < cols; c++) {
      const o = <usize>c << 2, d0 = dr + <usize>c * sd;
      store<f32>(d0, load<f32>(s0 + o)); store<f32>(d0, load<f32>(s1 + o), 4);
      store<f32>(d0, load<f32>(s2 + o), 8); store<f32>(d0, load<f32>(s3 + o), 12);
    }
  }
  for (let r = R4; r < rows; r++) {
    const s = src + <usize>r * ss;
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * sd + (<usize>r << 2), load<f32>(s + (<usize>c << 2)));
  }
}

// Swap the first two axes of a [P, Q, D] tensor into [Q, P, D] (batch-major <-> time-major).
// Rows are short (D floats), so a vector loop beats memory.copy's per-call cost.
export function swapAxes01(P: i32, Q: i32, D: i32, src: usize, dst: usize): void {
  const rowBytes = <usize>D << 2;
  const vecBytes = rowBytes & ~15;
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = src + (<usize>p * <usize>Q + <usize>q) * rowBytes;
      const d = dst + (<usize>q * <usize>P + <usize>p) * rowBytes;
      let o: usize = 0;
      for (; o < vecBytes; o += 16) v128.store(d + o, v128.load(s + o));
      for (; o < rowBytes; o += 4) store<f32>(d + o, load<f32>(s + o));
    }
  }
}

// out[N] = sum over M rows of src[M, N] (bias gradients).
export function columnSums(M: i32, N: i32, src: usize, out: usize): void {
  memory.fill(out, 0, <usize>N << 2);
  const rowBytes = <usize>N << 2;
  for (let i = 0; i < M; i++) {
    const s = src + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j + 16 <= rowBytes; j += 16) v128.store(out + j, f32x4.add(v128.load(out + j), v128.load(s + j)));
    for (; j < rowBytes; j += 4) store<f32>(out + j, load<f32>(out + j) + load<f32>(s + j));
  }
}

// out[i] = a[i] * m[i] for n floats (recurrent dropout masks; out may alias a).
export function mulRows(n: i32, a: usize, m: usize, out: usize): void {
  const bytes = <usize>n << 2;
  const vecBytes = bytes & ~15;
  let o: usize = 0;
  for (; o < vecBytes; o += 16) v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(m + o)));
  for (; o < bytes; o += 4) store<f32>(out + o, load<f32>(a + o) * load<f32>(m + o));
}

// dst[i] += src[i] for n floats.
export function addInto(n: i32, dst: usize, src: usize): void {
  const bytes = <usize>n << 2;
  const vecBytes = bytes & ~15;
  let o: usize = 0;
  for (; o < vecBytes; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  for (; o < bytes; o += 4) store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
}
