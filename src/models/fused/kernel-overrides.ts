/**
 * The stock tfjs kernels the fused kernel replaces on the wasm and cpu backends, where tfjs's own
 * are the bottleneck of training: BatchMatMul (matmul-kernel.ts), MaxPoolGrad
 * (max-pool-grad-kernel.ts) and, on wasm, Identity (shared-identity-kernel.ts) and GatherV2 (gather-kernel.ts). The kernel registry is process-wide: useFusedKernels(backend, true)
 * installs the replacements for that backend, useFusedKernels(backend, false) puts the stock
 * kernels back (a model built with fused: false).
 */
import * as tf from '@tensorflow/tfjs';
import { rowCopyGather } from './gather-kernel.ts';
import { fusedBatchMatMul } from './matmul-kernel.ts';
import { fusedMaxPoolGrad } from './max-pool-grad-kernel.ts';
import { sharedIdentity } from './shared-identity-kernel.ts';
import { fusedKernel } from './wasm-kernel.ts';

export type FusedKernelBackend = 'wasm' | 'cpu';

/** Each replacement wraps the stock kernel function, which runs the cases it does not cover. */
const REPLACEMENTS: Record<FusedKernelBackend, ReadonlyArray<[kernelName: string, replace: (stock: tf.KernelFunc) => tf.KernelFunc]>> = {
  wasm: [
    ['BatchMatMul', fusedBatchMatMul],
    ['MaxPoolGrad', fusedMaxPoolGrad],
    ['Identity', sharedIdentity],
    ['GatherV2', rowCopyGather],
  ],
  // The cpu backend's Identity already shares.
  cpu: [
    ['BatchMatMul', fusedBatchMatMul],
    ['MaxPoolGrad', fusedMaxPoolGrad],
  ],
};

/** The stock kernel configs of each backend whose kernels are replaced. */
const stockConfigs = new Map<FusedKernelBackend, tf.KernelConfig[]>();

/** Route `backendName`'s replaced kernels through the fused ones (true) or back to tfjs's own (false). Idempotent. */
export function useFusedKernels(backendName: FusedKernelBackend, fused: boolean): void {
  const installed = stockConfigs.get(backendName);
  if (installed) {
    if (fused) return;
    for (const stock of installed) {
      tf.unregisterKernel(stock.kernelName, backendName);
      tf.registerKernel(stock);
    }
    stockConfigs.delete(backendName);
    return;
  }
  if (!fused) return;
  fusedKernel(); // fail here, before the registry changes, if the kernel is not built
  const stocks = REPLACEMENTS[backendName].map(([kernelName, replace]) => {
    const stock = tf.getKernel(kernelName, backendName);
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...stock, kernelFunc: replace(stock.kernelFunc) });
    return stock;
  });
  stockConfigs.set(backendName, stocks);
}

/** Whether `backendName` runs the fused replacements now (useFusedKernels(backendName, true) last). */
export function fusedKernelsInUse(backendName: string): boolean {
  return [...stockConfigs.keys()].some((backend) => backend === backendName);
}
