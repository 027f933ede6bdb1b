/**
 * `npm run bench:lstm`: training speed of a 2-layer LSTM (dropout 0.2 between, Dense(1), Adam,
 * MSE, batch 32) on stock tfjs cpu, stock tfjs wasm, the fused WebAssembly layer, and optionally
 * PyTorch, one engine at a time, each in its own process (one tfjs per process; quiet machine).
 *
 *   npm run bench:lstm                       all shapes, engines cpu, wasm, fused
 *   npm run bench:lstm -- --torch            ... plus PyTorch with 1 and 2 threads
 *   npm run bench:lstm -- --shape 50x60x8 --engine fused --json
 *
 * Options: --shape S (repeatable or comma list), --engine cpu|wasm|fused|torch (same),
 * --samples N (2048), --cpu-samples N (256: stock cpu runs ~20 samples/s), --epochs N timed (2),
 * --torch-threads 1,2, --repeat N (engines take turns N times and each keeps its fastest run: the
 * machine may be shared),
 * --json (one {shape, engine, samplesPerSec, ...} object a line).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_SHAPES, parseShape, type BenchShape } from './shapes.ts';
import type { EngineMeasurement } from './tfjs-engine-run.ts';

type EngineChoice = 'cpu' | 'wasm' | 'fused' | 'torch';
const ALL_ENGINES: readonly EngineChoice[] = ['cpu', 'wasm', 'fused', 'torch'];

const requireHere = createRequire(import.meta.url);
const TFJS_RUNNER = fileURLToPath(new URL('./tfjs-engine-run.ts', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_lstm.py', import.meta.url));

interface Options {
  shapes: BenchShape[];
  engines: EngineChoice[];
  samples: number;
  cpuSamples: number;
  epochs: number;
  torchThreads: number[];
  json: boolean;
  /** Runs per measurement; the fastest is kept (others' load only ever slows a run down). */
  repeat: number;
}

function listOption(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

function positiveInt(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} ${value}: expected a positive integer`);
  return parsed;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      shape: { type: 'string', multiple: true },
      engine: { type: 'string', multiple: true },
      torch: { type: 'boolean', default: false },
      samples: { type: 'string', default: '2048' },
      'cpu-samples': { type: 'string', default: '256' },
      epochs: { type: 'string', default: '2' },
      'torch-threads': { type: 'string', default: '1,2' },
      json: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
    },
  });
  const shapeNames = listOption(values.shape);
  const engineNames = listOption(values.engine);
  for (const engine of engineNames) {
    if (!ALL_ENGINES.includes(engine as EngineChoice)) throw new Error(`--engine ${engine}: expected one of ${ALL_ENGINES.join(', ')}`);
  }
  const engines = (engineNames.length > 0 ? engineNames : ['cpu', 'wasm', 'fused']) as EngineChoice[];
  if (values.torch && !engines.includes('torch')) engines.push('torch');
  return {
    shapes: shapeNames.length > 0 ? shapeNames.map(parseShape) : [...BENCH_SHAPES],
    engines,
    samples: positiveInt('samples', values.samples!),
    cpuSamples: positiveInt('cpu-samples', values['cpu-samples']!),
    epochs: positiveInt('epochs', values.epochs!),
    torchThreads: listOption([values['torch-threads']!]).map((value) => positiveInt('torch-threads', value)),
    json: values.json!,
    repeat: positiveInt('repeat', values.repeat!),
  };
}

/** Runs a child to completion and returns the last JSON line it printed, with the 1-min load average at its start. */
function runChild(command: string, args: string[]): Promise<EngineMeasurement> {
  const load1 = Number(loadavg()[0].toFixed(2));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && lastLine.startsWith('{')) return resolve({ ...(JSON.parse(lastLine) as EngineMeasurement), load1 });
      reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.trim().split('\n').slice(-8).join('\n')}`));
    });
  });
}

/** Debian's python3-torch lives in /usr/bin/python3, which a pyenv `python3` on PATH may shadow. */
function findTorchPython(): { python?: string; reason?: string } {
  const candidates = [process.env.TORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  const reasons: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
    reasons.push(`${python}: ${(probe.error?.message ?? probe.stderr.trim().split('\n').pop()) || `exit ${probe.status}`}`);
  }
  return { reason: `python3 -c "import torch" failed (${reasons.join('; ')}); install Debian's python3-torch` };
}

function skipped(shape: BenchShape, engine: string, reason: string): EngineMeasurement {
  return { shape: shape.name, engine, samplesPerSec: NaN, samples: 0, timedEpochs: 0, seconds: NaN, finalLoss: NaN, skipped: reason };
}

/** One engine variant to measure: a tfjs engine or PyTorch with a thread count. */
interface Job {
  engine: string;
  run: () => Promise<EngineMeasurement>;
}

/**
 * Measures every engine of one shape. With --repeat N, the engines take turns N times (round robin,
 * so a slow spell on a shared machine hits all of them alike) and each keeps its fastest run.
 */
async function measureShape(shape: BenchShape, options: Options, torchPython: { python?: string; reason?: string }, emit: (m: EngineMeasurement) => void): Promise<EngineMeasurement[]> {
  const tsxCli = requireHere.resolve('tsx/cli');
  // Per engine in options order: its jobs, or a skipped result.
  const slots: Array<{ engine: EngineChoice; jobs: Job[]; skipped?: EngineMeasurement }> = [];
  for (const engine of options.engines) {
    if (engine === 'torch') {
      if (!torchPython.python) {
        slots.push({ engine, jobs: [], skipped: skipped(shape, 'torch', torchPython.reason!) });
        continue;
      }
      slots.push({
        engine,
        jobs: options.torchThreads.map((threads) => ({
          engine: `torch-${threads}t`,
          run: () => runChild(torchPython.python!, [TORCH_SCRIPT, '--shape', shape.name, '--threads', String(threads), '--samples', String(options.samples), '--epochs', String(options.epochs)]),
        })),
      });
      continue;
    }
    const samples = engine === 'cpu' ? Math.min(options.cpuSamples, options.samples) : options.samples;
    slots.push({
      engine,
      jobs: [{ engine, run: () => runChild(process.execPath, [tsxCli, TFJS_RUNNER, '--shape', shape.name, '--engine', engine, '--samples', String(samples), '--epochs', String(options.epochs)]) }],
    });
  }
  const best = new Map<string, EngineMeasurement>();
  for (let round = 0; round < options.repeat; round++) {
    for (const job of slots.flatMap((slot) => slot.jobs)) {
      const previous = best.get(job.engine);
      if (previous?.skipped) continue;
      const result = await job.run().catch((error: Error) => skipped(shape, job.engine, error.message));
      if (result.skipped) best.set(job.engine, result);
      else if (!previous || result.samplesPerSec > previous.samplesPerSec) best.set(job.engine, { ...result, runs: options.repeat } as EngineMeasurement);
    }
  }
  const results: EngineMeasurement[] = [];
  const report = (m: EngineMeasurement) => {
    results.push(m);
    emit(m);
  };
  for (const slot of slots) {
    if (slot.skipped) {
      report(slot.skipped);
      continue;
    }
    const measured = slot.jobs.map((job) => best.get(job.engine)!);
    measured.forEach(report);
    if (slot.engine !== 'torch') continue;
    const ran = measured.filter((m) => !m.skipped);
    if (ran.length > 0) {
      const fastest = ran.reduce((a, b) => (b.samplesPerSec > a.samplesPerSec ? b : a));
      report({ ...fastest, engine: 'torch', bestOf: measured.map((m) => m.engine).join(',') } as EngineMeasurement);
    }
  }
  return results;
}

function rate(m: EngineMeasurement | undefined): string {
  if (!m) return '-';
  if (m.skipped) return 'skipped';
  return m.samplesPerSec >= 100 ? m.samplesPerSec.toFixed(0) : m.samplesPerSec.toFixed(1);
}

function ratio(results: EngineMeasurement[], over: string, under: string): string {
  const a = results.find((m) => m.engine === over && !m.skipped);
  const b = results.find((m) => m.engine === under && !m.skipped);
  return a && b ? `${(a.samplesPerSec / b.samplesPerSec).toFixed(2)}x` : '-';
}

function describe(m: EngineMeasurement): string {
  if (m.skipped) return `${m.shape} ${m.engine}: skipped: ${m.skipped}`;
  const torchInfo = m as EngineMeasurement & { bestOf?: string; blasLibrary?: string };
  const blas = torchInfo.blasLibrary ? ` [BLAS ${torchInfo.blasLibrary}]` : '';
  const extra = m.engine === 'torch' ? ` (best of ${torchInfo.bestOf})` : blas;
  const cpu = m.cpuSeconds !== undefined ? `, ${((m.samples * m.timedEpochs) / m.cpuSeconds).toFixed(0)} per CPU-second` : '';
  const runs = (m as EngineMeasurement & { runs?: number }).runs ?? 1;
  const best = runs > 1 ? `, best of ${runs} runs` : '';
  return `${m.shape} ${m.engine}: ${rate(m)} samples/s (${m.samples} samples x ${m.timedEpochs} epochs in ${m.seconds.toFixed(1)} s${cpu}, loss ${m.finalLoss.toFixed(4)}, load ${m.load1} at start${best})${extra}`;
}

function printTable(all: Map<string, EngineMeasurement[]>, options: Options): void {
  const engineColumns = options.engines.flatMap((e) => (e === 'torch' ? [...options.torchThreads.map((t) => `torch-${t}t`), 'torch'] : [e]));
  const ratioColumns: Array<[string, string]> = [['fused', 'wasm'], ['fused', 'cpu'], ['fused', 'torch']];
  const header = ['shape', ...engineColumns.map((e) => (e === 'torch' ? 'torch best' : e)), ...ratioColumns.map(([a, b]) => `${a}/${b}`)];
  const rows = [...all.entries()].map(([shape, results]) => [
    shape,
    ...engineColumns.map((e) => rate(results.find((m) => m.engine === e))),
    ...ratioColumns.map(([a, b]) => ratio(results, a, b)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\nsamples/s (higher is better), batch 32, 2 x LSTM(units) + dropout 0.2 + Dense(1), Adam, MSE');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`timed epochs ${options.epochs} after 1 warm-up; ${options.samples} samples per epoch (stock cpu: ${Math.min(options.cpuSamples, options.samples)}, rate per sample trained)`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const torchPython = options.engines.includes('torch') ? findTorchPython() : {};
  const emit = options.json
    ? (m: EngineMeasurement) => console.log(JSON.stringify(m))
    : (m: EngineMeasurement) => console.log(describe(m));
  if (!options.json) console.log(`${cpus().length} cpus, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (others' work on this machine slows every engine)`);
  const all = new Map<string, EngineMeasurement[]>();
  for (const shape of options.shapes) all.set(shape.name, await measureShape(shape, options, torchPython, emit));
  if (!options.json) {
    printTable(all, options);
    console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
