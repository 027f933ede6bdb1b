/**
 * FusedAdam: tfjs's Adam optimizer with each variable's update one fused kernel call
 * (assembly/adam.ts) instead of about a dozen tfjs kernels. On the small networks the forecasters
 * train, tfjs's per-kernel overhead dominates: the transformer forecaster's 36 weight tensors cost
 * ~430 of its ~1,000 kernel calls a batch in Adam alone. Same configuration and arithmetic as
 * tf.train.adam (every operation rounded to float32 in tfjs's order), so the weights it produces
 * match stock Adam's (test/models/fused/fused-adam.test.ts). The moments live in the kernel's heap
 * (freed by dispose); getWeights / setWeights move them as stock Adam names them.
 */
import * as tf from '@tensorflow/tfjs';
import { tensorFromView, tensorValues } from './backend-views.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel, type FusedKernel } from './wasm-kernel.ts';

/** What stock Adam takes and gives (tfjs does not export its NamedTensor type). */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type NamedTensor = Awaited<ReturnType<tf.AdamOptimizer['getWeights']>>[number];

/** A variable's first and second moments: byte offsets of `size` floats each in the kernel's heap. */
interface Moments {
  m: number;
  v: number;
  size: number;
}

export class FusedAdam extends tf.AdamOptimizer {
  static override get className(): string {
    return 'FusedAdam';
  }

  readonly #kernel: FusedKernel = fusedKernel();
  readonly #moments = new Map<string, Moments>();
  readonly #scratch = new BufferSet<'value' | 'grad'>(this.#kernel);
  // beta1^t and beta2^t as stock Adam's float32 accumulators hold them.
  #accBeta1: number;
  #accBeta2: number;

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
    this.#accBeta1 = Math.fround(beta1);
    this.#accBeta2 = Math.fround(beta2);
  }

  /** The moments of `name`, zero on first use. */
  #momentsOf(name: string, size: number): Moments {
    const known = this.#moments.get(name);
    if (known) return known;
    const heap = this.#kernel.heap;
    const moments = { m: heap.alloc(size * 4), v: heap.alloc(size * 4), size };
    this.#kernel.view(moments.m, size).fill(0);
    this.#kernel.view(moments.v, size).fill(0);
    this.#moments.set(name, moments);
    return moments;
  }

  override applyGradients(variableGradients: VariableGradients): void {
    const entries = Array.isArray(variableGradients) ? variableGradients.map(({ name, tensor }) => [name, tensor] as const) : Object.entries(variableGradients);
    const f32 = Math.fround;
    const scalars = [
      f32(this.beta1), f32(this.beta2), f32(1 - this.beta1), f32(1 - this.beta2),
      f32(1 - this.#accBeta1), f32(1 - this.#accBeta2), f32(-this.learningRate), f32(this.epsilon),
    ] as const;
    tf.tidy(() => {
      for (const [name, gradient] of entries) {
        if (gradient == null) continue;
        const variable = tf.engine().registeredVariables[name];
        const size = variable.size;
        const moments = this.#momentsOf(name, size);
        const p = this.#scratch.layout({ value: size, grad: size });
        this.#kernel.write(p.value, tensorValues(variable));
        this.#kernel.write(p.grad, tensorValues(gradient));
        this.#kernel.exports.adamStep(size, p.value, p.grad, moments.m, moments.v, ...scalars);
        variable.assign(tensorFromView(this.#kernel.view(p.value, size), variable.shape));
      }
    });
    this.#accBeta1 = f32(this.#accBeta1 * f32(this.beta1));
    this.#accBeta2 = f32(this.#accBeta2 * f32(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    super.dispose();
    for (const { m, v } of this.#moments.values()) {
      this.#kernel.heap.free(m);
      this.#kernel.heap.free(v);
    }
    this.#moments.clear();
    this.#scratch.release();
  }

  /** The iteration count, then every variable's first moments, then its second ones (as stock Adam). */
  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.#moments.entries()];
    const tensor = (ptr: number, size: number) => tensorFromView(this.#kernel.view(ptr, size), [size]);
    return [
      await this.saveIterations(),
      ...moments.map(([name, { m, size }]) => ({ name: `${name}/m`, tensor: tensor(m, size) })),
      ...moments.map(([name, { v, size }]) => ({ name: `${name}/v`, tensor: tensor(v, size) })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    this.#accBeta1 = Math.fround(this.beta1 ** (this.iterations + 1));
    this.#accBeta2 = Math.fround(this.beta2 ** (this.iterations + 1));
    for (const { name, tensor } of moments) {
      const which = name.endsWith('/m') ? 'm' : name.endsWith('/v') ? 'v' : undefined;
      if (!which) throw new Error(`FusedAdam.setWeights: ${name} is neither a first (/m) nor a second (/v) moment`);
      const state = this.#momentsOf(name.slice(0, -2), tensor.size);
      this.#kernel.write(state[which], tensorValues(tensor));
    }
  }
}
tf.serialization.registerClass(FusedAdam);

/** Same arguments as tf.train.adam. */
export function fusedAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdam {
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}
