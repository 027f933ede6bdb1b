// Workers do not inherit the parent's tsx loader: register it here, then load the TypeScript entry.
import { register } from 'tsx/esm/api';
register();
await import('./fold-worker.ts');
