/** Which tensor engine a run asks for (`auto` tries tfjs-node, then wasm, then cpu). */
export type EngineRequest = 'auto' | 'tfjs-node' | 'wasm' | 'cpu';
/** The engine that actually ran. */
export type EngineName = 'tfjs-node' | 'wasm' | 'cpu';
