/**
 * One benchmark measurement in its own process: trains one network type at one shape on one tfjs
 * engine (stock cpu, stock wasm, or wasm with the model builder's `fused: true`) and prints one JSON
 * line on stdout. A process per engine because a process holds one tfjs instance and the backends keep
 * state.
 *
 *   npx tsx bench/tfjs-engine-run.ts --type lstm --shape 50x60x8 --engine wasm --samples 2048 --epochs 2
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/models/engine.ts';
import { BATCH_SIZE, benchData, parseShape, type BenchShape } from './shapes.ts';
import { buildBenchModel, parseType, type NetworkType } from './network-types.ts';

export type TfjsBenchEngine = 'cpu' | 'wasm' | 'fused';

export interface EngineMeasurement {
  type: string;
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
  /** Trainable parameters of the model (PyTorch's recurrent layers carry a second bias vector). */
  parameters?: number;
  /** 1-minute load average when the measurement started (the machine is shared). */
  load1?: number;
  /** Set when the engine could not run (a failed run). */
  skipped?: string;
}

export async function measureEngine(type: NetworkType, shape: BenchShape, engine: TfjsBenchEngine, samples: number,
  timedEpochs: number): Promise<EngineMeasurement> {
  const base = { type, shape: shape.name, engine, samples, timedEpochs };
  const { tf, engine: loaded } = await loadEngine(engine === 'cpu' ? 'cpu' : 'wasm');
  const model = await buildBenchModel(tf, type, shape.units, { lookback: shape.lookback, featureCount: shape.features, engine: loaded, fused: engine === 'fused' });
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
  const parameters = model.countParams();
  tf.dispose([x, y]);
  model.optimizer?.dispose();
  model.dispose();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { ...base, samplesPerSec: (samples * timedEpochs) / seconds, seconds, cpuSeconds, finalLoss: losses[losses.length - 1], parameters };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      type: { type: 'string', default: 'lstm' },
      shape: { type: 'string', default: '50x60x8' },
      engine: { type: 'string', default: 'wasm' },
      samples: { type: 'string', default: '2048' },
      epochs: { type: 'string', default: '2' },
    },
  });
  const engine = values.engine as TfjsBenchEngine;
  if (!['cpu', 'wasm', 'fused'].includes(engine)) throw new Error(`--engine ${engine}: expected cpu, wasm or fused`);
  const result = await measureEngine(parseType(values.type!), parseShape(values.shape!), engine, Number(values.samples), Number(values.epochs));
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
