/**
 * Named float32 buffers in the fused kernel's heap, reserved once for the largest sizes seen and
 * reused, so repeated calls (every batch of every epoch) keep the wasm heap flat.
 */
import type { FusedKernel } from './wasm-kernel.ts';

/** A set of named float32 buffers carved out of one heap block. */
export class BufferSet<Name extends string> {
  ptr = 0;
  private capacityBytes = 0;
  readonly offsets = {} as Record<Name, number>;

  constructor(private readonly kernel: FusedKernel) {}

  /** Lay out the buffers (sizes in floats), growing the block if needed. Returns byte pointers. */
  layout(sizes: Record<Name, number>): Record<Name, number> {
    let bytes = 0;
    const rel = {} as Record<Name, number>;
    for (const name of Object.keys(sizes) as Name[]) {
      rel[name] = bytes;
      bytes += Math.ceil((sizes[name] * 4 + 16) / 16) * 16;
    }
    if (bytes > this.capacityBytes) {
      if (this.capacityBytes > 0) this.kernel.heap.free(this.ptr);
      this.ptr = this.kernel.heap.alloc(bytes);
      this.capacityBytes = bytes;
    }
    for (const name of Object.keys(rel) as Name[]) this.offsets[name] = this.ptr + rel[name];
    return this.offsets;
  }

  release(): void {
    if (this.capacityBytes > 0) this.kernel.heap.free(this.ptr);
    this.capacityBytes = 0;
    this.ptr = 0;
  }
}
