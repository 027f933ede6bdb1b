// One seeded PRNG for the whole project (mulberry32): same seed, same stream, on every platform.
// Resampling here uses the models' generator rather than a second copy of it.
export { mulberry32 as createSeededRandom } from '../models/seeded-random.ts';
