// The gradient of max pooling whose windows do not overlap (stride >= window, no padding before
// the first window), NHWC: each window's dy goes to the window's first maximum of x, per channel,
// as tfjs-backend-cpu gives it; dx is zero elsewhere (also where no window reaches, and where a
// window holds no value above -Infinity). Four channels at a time. Pointers are byte offsets.
import { f4 } from './math';

export function maxPoolGrad(batch: i32, inH: i32, inW: i32, C: i32, outH: i32, outW: i32,
  strideH: i32, strideW: i32, fh: i32, fw: i32, x: usize, dy: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>batch * <usize>inH * <usize>inW * f4(C));
  const C4 = C & ~3;
  let o: usize = dy;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * strideH, h1 = min(h0 + fh, inH);
      for (let ow = 0; ow < outW; ow++, o += f4(C)) {
        const w0 = ow * strideW, w1 = min(w0 + fw, inW);
        for (let c = 0; c < C4; c += 4) windowMax4(b, inH, inW, C, h0, h1, w0, w1, x, dx, o + f4(c), f4(c));
        for (let c = C4; c < C; c++) windowMax1(b, inH, inW, C, h0, h1, w0, w1, x, dx, o + f4(c), f4(c));
      }
    }
  }
}

// Byte offset of pixel (b, ih, iw), channel 0.
@inline function pixel(b: i32, ih: i32, iw: i32, inH: i32, inW: i32, C: i32): usize {
  return f4(((b * inH + ih) * inW + iw) * C);
}

// Channels c..c+3 (byte offset cb) of one window: the first maximum's pixel per lane, then dy there.
@inline function windowMax4(b: i32, inH: i32, inW: i32, C: i32, h0: i32, h1: i32, w0: i32, w1: i32,
  x: usize, dx: usize, pdy: usize, cb: usize): void {
  let best = f32x4.splat(-Infinity);
  let at = i32x4.splat(-1);
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const p = pixel(b, ih, iw, inH, inW, C);
      const v = v128.load(x + p + cb);
      const greater = f32x4.gt(v, best);
      best = v128.bitselect(v, best, greater);
      at = v128.bitselect(i32x4.splat(<i32>p), at, greater);
    }
  }
  const g = v128.load(pdy);
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const p = pixel(b, ih, iw, inH, inW, C);
      const hit = i32x4.eq(at, i32x4.splat(<i32>p));
      if (v128.any_true(hit)) v128.store(dx + p + cb, v128.and(g, hit));
    }
  }
}

@inline function windowMax1(b: i32, inH: i32, inW: i32, C: i32, h0: i32, h1: i32, w0: i32, w1: i32,
  x: usize, dx: usize, pdy: usize, cb: usize): void {
  let best: f32 = -Infinity;
  let at: usize = 0;
  let found = false;
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const p = pixel(b, ih, iw, inH, inW, C);
      const v = load<f32>(x + p + cb);
      if (v > best) {
        best = v;
        at = p;
        found = true;
      }
    }
  }
  if (found) store<f32>(dx + at + cb, load<f32>(pdy));
}
