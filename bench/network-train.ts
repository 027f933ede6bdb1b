/**
 * `npm run bench:lstm`: training speed of every network type (bench/network-types.ts) on the seeds'
 * shape (window 60, 8 features, batch 32, 50 recurrent units), on stock tfjs wasm, tfjs wasm with
 * the fused recurrent layers, optionally stock tfjs cpu, and PyTorch CPU with 1 and 2 threads
 * (its better one is the reference). Every measurement runs in its own process.
 *
 *   npm run bench:lstm                                  every type: wasm, fused
 *   npm run bench:lstm -- --torch --repeat 2            ... plus PyTorch, engines taking turns twice
 *   npm run bench:lstm -- --type lstm --shape 50x60x8,32x30x5,128x60x16 --engine cpu,wasm,fused,torch
 *
 * Options: --type T and --shape S (repeatable or comma lists; shape = UNITSxLOOKBACKxFEATURES,
 * default 50x60x8), --engine cpu|wasm|fused|torch (default wasm,fused), --torch (add torch),
 * --samples N (2048), --cpu-samples N (256: stock cpu runs ~10-50 samples/s), --epochs N timed (2),
 * --torch-threads 1,2, --repeat N (the engines of a type take turns N times and each keeps its
 * fastest run: the machine may be shared), --json (one measurement object a line).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_SHAPES, parseShape, type BenchShape } from './shapes.ts';
import { NETWORK_TYPES, goalRatio, parseType, resolvedBlock, type NetworkType } from './network-types.ts';
import type { EngineMeasurement } from './tfjs-engine-run.ts';

type EngineChoice = 'cpu' | 'wasm' | 'fused' | 'torch';
const ALL_ENGINES: readonly EngineChoice[] = ['cpu', 'wasm', 'fused', 'torch'];

const requireHere = createRequire(import.meta.url);
const TFJS_RUNNER = fileURLToPath(new URL('./tfjs-engine-run.ts', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_networks.py', import.meta.url));

interface Options {
  types: NetworkType[];
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
      type: { type: 'string', multiple: true },
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
  const typeNames = listOption(values.type);
  const shapeNames = listOption(values.shape);
  const engineNames = listOption(values.engine);
  for (const engine of engineNames) {
    if (!ALL_ENGINES.includes(engine as EngineChoice)) throw new Error(`--engine ${engine}: expected one of ${ALL_ENGINES.join(', ')}`);
  }
  const engines = (engineNames.length > 0 ? engineNames : ['wasm', 'fused']) as EngineChoice[];
  if (values.torch && !engines.includes('torch')) engines.push('torch');
  return {
    types: typeNames.length > 0 ? typeNames.map(parseType) : [...NETWORK_TYPES],
    shapes: shapeNames.length > 0 ? shapeNames.map(parseShape) : [BENCH_SHAPES[0]],
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
function runChild(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<EngineMeasurement> {
  const load1 = Number(loadavg()[0].toFixed(2));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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

/**
 * The torch process's environment: OpenBLAS tuning variables meant for other programs on this
 * machine (a core type or L2 size forced for the VM) would mis-tune torch's BLAS.
 */
function torchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function skipped(type: NetworkType, shape: BenchShape, engine: string, reason: string): EngineMeasurement {
  return { type, shape: shape.name, engine, samplesPerSec: NaN, samples: 0, timedEpochs: 0, seconds: NaN, finalLoss: NaN, skipped: reason };
}

/** One engine variant to measure: a tfjs engine or PyTorch with a thread count. */
interface Job {
  engine: string;
  run: () => Promise<EngineMeasurement>;
}

/**
 * Measures every engine of one type and shape. With --repeat N, the engines take turns N times
 * (round robin, so a slow spell on a shared machine hits all of them alike) and each keeps its
 * fastest run.
 */
async function measure(type: NetworkType, shape: BenchShape, options: Options, torchPython: { python?: string; reason?: string },
  emit: (m: EngineMeasurement) => void): Promise<EngineMeasurement[]> {
  const tsxCli = requireHere.resolve('tsx/cli');
  const slots: Array<{ engine: EngineChoice; jobs: Job[]; skipped?: EngineMeasurement }> = [];
  for (const engine of options.engines) {
    if (engine === 'torch') {
      if (!torchPython.python) {
        slots.push({ engine, jobs: [], skipped: skipped(type, shape, 'torch', torchPython.reason!) });
        continue;
      }
      const block = JSON.stringify(resolvedBlock(type, shape.units));
      slots.push({
        engine,
        jobs: options.torchThreads.map((threads) => ({
          engine: `torch-${threads}t`,
          run: () => runChild(torchPython.python!, [TORCH_SCRIPT, '--model', block, '--shape', shape.name, '--lookback', String(shape.lookback),
            '--features', String(shape.features), '--threads', String(threads), '--samples', String(options.samples), '--epochs', String(options.epochs)], torchEnv()),
        })),
      });
      continue;
    }
    const samples = engine === 'cpu' ? Math.min(options.cpuSamples, options.samples) : options.samples;
    slots.push({
      engine,
      jobs: [{
        engine,
        run: () => runChild(process.execPath, [tsxCli, TFJS_RUNNER, '--type', type, '--shape', shape.name, '--engine', engine,
          '--samples', String(samples), '--epochs', String(options.epochs)]),
      }],
    });
  }
  const best = new Map<string, EngineMeasurement>();
  for (let round = 0; round < options.repeat; round++) {
    for (const job of slots.flatMap((slot) => slot.jobs)) {
      const previous = best.get(job.engine);
      if (previous?.skipped) continue;
      const result = await job.run().catch((error: Error) => skipped(type, shape, job.engine, error.message));
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

const ran = (m: EngineMeasurement | undefined): m is EngineMeasurement => m !== undefined && !m.skipped;

function rate(m: EngineMeasurement | undefined): string {
  if (!m) return '-';
  if (m.skipped) return 'skipped';
  return m.samplesPerSec >= 100 ? m.samplesPerSec.toFixed(0) : m.samplesPerSec.toFixed(1);
}

function perCpuSecond(m: EngineMeasurement): number | undefined {
  return m.cpuSeconds ? (m.samples * m.timedEpochs) / m.cpuSeconds : undefined;
}

/** Our tfjs engine of a type: fused (wasm with the model builder's fused: true), or stock wasm when fused was not measured. */
function ours(results: EngineMeasurement[]): EngineMeasurement | undefined {
  return [results.find((m) => m.engine === 'fused'), results.find((m) => m.engine === 'wasm')].find(ran);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}x` : '-';
}

function describe(m: EngineMeasurement): string {
  const name = `${m.type} ${m.shape} ${m.engine}`;
  if (m.skipped) return `${name}: skipped: ${m.skipped}`;
  const torchInfo = m as EngineMeasurement & { bestOf?: string; blasLibrary?: string };
  const blas = torchInfo.blasLibrary ? ` [BLAS ${torchInfo.blasLibrary}]` : '';
  const extra = m.engine === 'torch' ? ` (best of ${torchInfo.bestOf})` : blas;
  const cpu = perCpuSecond(m) !== undefined ? `, ${perCpuSecond(m)!.toFixed(0)} per CPU-second` : '';
  const params = m.parameters !== undefined ? `, ${m.parameters} parameters` : '';
  const runs = (m as EngineMeasurement & { runs?: number }).runs ?? 1;
  const best = runs > 1 ? `, best of ${runs} runs` : '';
  return `${name}: ${rate(m)} samples/s (${m.samples} samples x ${m.timedEpochs} epochs in ${m.seconds.toFixed(1)} s${cpu}${params}, loss ${m.finalLoss.toFixed(4)}, load ${m.load1} at start${best})${extra}`;
}

function printTable(all: Array<{ type: NetworkType; shape: string; results: EngineMeasurement[] }>, options: Options): void {
  const engineColumns = options.engines.flatMap((e) => (e === 'torch' ? [...options.torchThreads.map((t) => `torch-${t}t`), 'torch'] : [e]));
  const header = ['type', 'shape', 'params tfjs/torch', ...engineColumns.map((e) => (e === 'torch' ? 'torch best' : e)), 'fused/wasm', 'ours/torch', 'per CPU-s', 'goal'];
  const rows = all.map(({ type, shape, results }) => {
    const find = (engine: string) => results.find((m) => m.engine === engine);
    const mine = ours(results);
    const torch = [find('torch')].find(ran);
    const met = mine && torch ? (mine.samplesPerSec / torch.samplesPerSec >= goalRatio(type) ? 'met' : 'missed') : '';
    const tfjsParameters = results.find((m) => !m.engine.startsWith('torch') && ran(m))?.parameters;
    const params = `${tfjsParameters ?? '-'}/${torch?.parameters ?? '-'}`;
    return [
      type,
      shape,
      params,
      ...engineColumns.map((e) => rate(find(e))),
      ratio([find('fused')].find(ran)?.samplesPerSec, [find('wasm')].find(ran)?.samplesPerSec),
      ratio(mine?.samplesPerSec, torch?.samplesPerSec),
      ratio(mine && perCpuSecond(mine), torch && perCpuSecond(torch)),
      `${goalRatio(type)}x ${met}`.trim(),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\nsamples/s (higher is better), batch 32, Adam, MSE; ours = fused (wasm engine, fused: true), else stock wasm;');
  console.log('per CPU-s = the same ratio per CPU-second of each process (torch best may use 2 threads); goal = issue 11;');
  console.log('params: trainable parameters (PyTorch\'s recurrent layers carry a second bias vector per gate)');
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
  const all: Array<{ type: NetworkType; shape: string; results: EngineMeasurement[] }> = [];
  for (const type of options.types) {
    for (const shape of options.shapes) all.push({ type, shape: shape.name, results: await measure(type, shape, options, torchPython, emit) });
  }
  if (!options.json) {
    printTable(all, options);
    console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
