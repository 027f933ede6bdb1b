/**
 * A first-fit allocator over the fused kernel's linear memory. The AssemblyScript side has no
 * allocator (stub runtime); layers reserve their buffers here, reuse them across batches and free
 * them on dispose, so the heap stays flat across epochs.
 */
const ALIGN_BYTES = 16;
// Vectorised row tails read (never write) up to 12 bytes past a buffer's end.
const TAIL_SLACK_BYTES = 16;
const PAGE_BYTES = 65536;

interface FreeBlock {
  start: number;
  size: number;
}

export class WasmHeap {
  private readonly freeBlocks: FreeBlock[] = [];
  private readonly blockSizes = new Map<number, number>();
  private top: number;

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.top = alignUp(heapBase);
  }

  /** Reserve `bytes` (16-byte aligned); returns the byte offset. May grow (and detach) memory.buffer. */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 0) + TAIL_SLACK_BYTES);
    for (let k = 0; k < this.freeBlocks.length; k++) {
      const block = this.freeBlocks[k];
      if (block.size < size) continue;
      const ptr = block.start;
      if (block.size === size) this.freeBlocks.splice(k, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      this.blockSizes.set(ptr, size);
      return ptr;
    }
    const ptr = this.top;
    this.top += size;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    this.blockSizes.set(ptr, size);
    return ptr;
  }

  free(ptr: number): void {
    const size = this.blockSizes.get(ptr);
    if (size === undefined) throw new Error(`WasmHeap.free: ${ptr} is not an allocated block`);
    this.blockSizes.delete(ptr);
    let k = 0;
    while (k < this.freeBlocks.length && this.freeBlocks[k].start < ptr) k++;
    this.freeBlocks.splice(k, 0, { start: ptr, size });
    // Coalesce with the following and preceding neighbours.
    const next = this.freeBlocks[k + 1];
    if (next && ptr + size === next.start) {
      this.freeBlocks[k].size += next.size;
      this.freeBlocks.splice(k + 1, 1);
    }
    const prev = this.freeBlocks[k - 1];
    if (prev && prev.start + prev.size === ptr) {
      prev.size += this.freeBlocks[k].size;
      this.freeBlocks.splice(k, 1);
      k--;
    }
    // A free block at the top returns to the unreserved region.
    const last = this.freeBlocks[this.freeBlocks.length - 1];
    if (last && last.start + last.size === this.top) {
      this.top = last.start;
      this.freeBlocks.pop();
    }
  }

  /** Bytes currently handed out to live blocks (including alignment and tail slack). */
  get liveBytes(): number {
    let total = 0;
    for (const size of this.blockSizes.values()) total += size;
    return total;
  }

  /** Size of the wasm linear memory; it only ever grows. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN_BYTES) * ALIGN_BYTES;
}
