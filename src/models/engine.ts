import { createRequire } from 'node:module';
import path from 'node:path';
import type { EngineName, EngineRequest } from '../core/engine-request.ts';

/** The TensorFlow.js namespace, whichever package provided it. */
export type Tf = typeof import('@tensorflow/tfjs');

export interface LoadedEngine {
  tf: Tf;
  engine: EngineName;
  /** Why a requested engine was not used (e.g. tfjs-node not installed), for the results file. */
  fallbackReason?: string;
}

const requireHere = createRequire(import.meta.url);
let loaded: Promise<LoadedEngine> | undefined;
let loadedFor: EngineRequest | undefined;

/**
 * Load TensorFlow.js once per process: `auto` tries the native `@tensorflow/tfjs-node`
 * (an optional dependency whose install needs a download that often fails), then the
 * wasm backend, then the pure-JS cpu backend.
 */
export function loadEngine(request: EngineRequest = 'auto'): Promise<LoadedEngine> {
  if (loaded && loadedFor === request) return loaded;
  if (loaded && loadedFor !== request) {
    // One process holds one tfjs instance; switching backends is only safe for wasm <-> cpu.
    return loaded.then(async (current) => {
      if (request === 'tfjs-node' || current.engine === 'tfjs-node') {
        throw new Error(`engine already loaded as ${current.engine}; cannot switch to ${request} in one process`);
      }
      const target: EngineName = request === 'auto' ? current.engine : request;
      await activateBackend(current.tf, target);
      return { tf: current.tf, engine: target };
    });
  }
  loadedFor = request;
  loaded = doLoad(request);
  return loaded;
}

async function doLoad(request: EngineRequest): Promise<LoadedEngine> {
  let fallbackReason: string | undefined;
  if (request === 'auto' || request === 'tfjs-node') {
    try {
      const moduleName = '@tensorflow/tfjs-node';
      const tfNode = (await import(moduleName)) as Tf;
      await tfNode.ready();
      return { tf: tfNode, engine: 'tfjs-node' };
    } catch (error) {
      fallbackReason = `@tensorflow/tfjs-node unavailable: ${(error as Error).message.split('\n')[0]}`;
      if (request === 'tfjs-node') throw new Error(fallbackReason);
    }
  }
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  silenceTfjsBanner(tf);
  if (request === 'auto' || request === 'wasm') {
    try {
      await activateBackend(tf, 'wasm');
      return { tf, engine: 'wasm', fallbackReason };
    } catch (error) {
      const reason = `wasm backend unavailable: ${(error as Error).message.split('\n')[0]}`;
      if (request === 'wasm') throw new Error(reason);
      fallbackReason = fallbackReason ? `${fallbackReason}; ${reason}` : reason;
    }
  }
  await activateBackend(tf, 'cpu');
  return { tf, engine: 'cpu', fallbackReason };
}

/**
 * Make `name` the active backend of the pure-JS tfjs. The wasm backend registers itself only when
 * its package is imported and needs to be told where its .wasm files are, so every switch to wasm
 * (first load or later) goes through here.
 */
async function activateBackend(tf: Tf, name: 'wasm' | 'cpu'): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const distDir = path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(distDir + path.sep);
  }
  if (!(await tf.setBackend(name))) throw new Error(`setBackend("${name}") returned false`);
  await tf.ready();
}

/** tfjs prints a "looks like you are running Node.js, install tfjs-node" hint once; it is expected here. */
function silenceTfjsBanner(tf: Tf): void {
  try {
    tf.env().set('IS_NODE', true);
    tf.env().set('PROD', true);
  } catch {
    /* flags are advisory */
  }
}
