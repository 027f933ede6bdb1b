/**
 * One benchmark measurement in its own process: trains one shape on one tfjs engine
 * (stock cpu, stock wasm, or the fused layer on wasm) and prints one JSON line on stdout.
 * A process per engine because a process holds one tfjs instance and the backends keep state.
 *
 *   npx tsx bench/tfjs-engine-run.ts --shape 50x60x8 --engine wasm --samples 2048 --epochs 2
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngine, type Tf } from '../src/models/engine.ts';
import { fastDropout } from '../src/models/fast-dropout.ts';
import { BATCH_SIZE, DROPOUT_RATE, benchData, parseShape, type BenchShape } from './shapes.ts';

export type TfjsBenchEngine = 'cpu' | 'wasm' | 'fused';

export interface EngineMeasurement {
  shape: string;
  engine: string;
  samplesPerSec: number;
  /** Samples per epoch actually trained (the cpu engine uses fewer; the rate is per sample trained). */
  samples: number;
  timedEpochs: number;
  seconds: number;
  /** CPU time of the process over the timed epochs (all threads); less sensitive to others' load than `seconds`. */
  cpuSeconds?: number;
  finalLoss: number;
  /** 1-minute load average when the measurement started (the machine is shared). */
  load1?: number;
  /** Set when the engine could not run (e.g. the fused layer is not built yet). */
  skipped?: string;
}

/** Where part A's fused layers live; the benchmark skips `fused` until this file exists. */
export const FUSED_MODULE = fileURLToPath(new URL('../src/models/fused/index.ts', import.meta.url));

type RecurrentFactory = (args: Record<string, unknown>) => unknown;

async function recurrentFactory(tf: Tf, engine: TfjsBenchEngine): Promise<RecurrentFactory> {
  if (engine !== 'fused') return (args) => tf.layers.lstm(args as never);
  const fused = (await import(FUSED_MODULE)) as Record<string, unknown>;
  // The kernel may need an async instantiation before the first layer is built.
  for (const init of ['initFusedKernel', 'loadFusedKernel', 'fusedReady', 'ready']) {
    if (typeof fused[init] === 'function') await (fused[init] as () => Promise<unknown>)();
  }
  if (typeof fused.fusedLstm !== 'function') throw new Error(`${FUSED_MODULE} does not export fusedLstm`);
  return fused.fusedLstm as RecurrentFactory;
}

/**
 * 2 stacked LSTM layers, dropout between, Dense(1), Adam, MSE: the benchmark model. The
 * dropout layer is the one the model builder uses on every engine (FastDropout: tfjs's Dropout
 * with a faster mask generator), so engines differ only in their recurrent layers.
 */
function buildModel(tf: Tf, lstm: RecurrentFactory, shape: BenchShape) {
  const model = tf.sequential();
  model.add(lstm({ units: shape.units, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [shape.lookback, shape.features] }) as never);
  model.add(fastDropout({ rate: DROPOUT_RATE }));
  model.add(lstm({ units: shape.units, returnSequences: false, recurrentActivation: 'sigmoid' }) as never);
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });
  return model;
}

export async function measureEngine(shape: BenchShape, engine: TfjsBenchEngine, samples: number, timedEpochs: number): Promise<EngineMeasurement> {
  const base = { shape: shape.name, engine, samples, timedEpochs };
  if (engine === 'fused' && !existsSync(FUSED_MODULE)) {
    return { ...base, samplesPerSec: NaN, seconds: NaN, finalLoss: NaN, skipped: `fused layer not built yet (${FUSED_MODULE} missing)` };
  }
  const { tf } = await loadEngine(engine === 'cpu' ? 'cpu' : 'wasm');
  const lstm = await recurrentFactory(tf, engine);
  const model = buildModel(tf, lstm, shape);
  const data = benchData(shape, samples);
  const x = tf.tensor3d(data.x, [samples, shape.lookback, shape.features]);
  const y = tf.tensor2d(data.y, [samples, 1]);
  const fitArgs = { batchSize: BATCH_SIZE, shuffle: true, verbose: 0 as const };
  await model.fit(x, y, { ...fitArgs, epochs: 1 }); // warm-up: kernels compiled, buffers allocated
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const history = await model.fit(x, y, { ...fitArgs, epochs: timedEpochs });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const losses = history.history.loss as number[];
  tf.dispose([x, y]);
  model.dispose();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { ...base, samplesPerSec: (samples * timedEpochs) / seconds, seconds, cpuSeconds, finalLoss: losses[losses.length - 1] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shape: { type: 'string', default: '50x60x8' },
      engine: { type: 'string', default: 'wasm' },
      samples: { type: 'string', default: '2048' },
      epochs: { type: 'string', default: '2' },
    },
  });
  const engine = values.engine as TfjsBenchEngine;
  if (!['cpu', 'wasm', 'fused'].includes(engine)) throw new Error(`--engine ${engine}: expected cpu, wasm or fused`);
  const result = await measureEngine(parseShape(values.shape!), engine, Number(values.samples), Number(values.epochs));
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
