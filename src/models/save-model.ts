import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tf } from './engine.ts';

/**
 * Write a model in the tfjs layers format (model.json + weights.bin). `file://` saving needs
 * tfjs-node, which is often missing, so the files are written here from the save artifacts.
 */
export async function saveLayersModel(tf: Tf, model: import('@tensorflow/tfjs').LayersModel, directory: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      await mkdir(directory, { recursive: true });
      const weightData = artifacts.weightData;
      const buffer = weightData === undefined
        ? new ArrayBuffer(0)
        : Array.isArray(weightData)
          ? tf.io.concatenateArrayBuffers(weightData)
          : weightData;
      await writeFile(path.join(directory, 'weights.bin'), Buffer.from(buffer));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(path.join(directory, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Load what saveLayersModel wrote (custom layers must be registered: import the network kit first). */
export async function loadSavedLayersModel(tf: Tf, directory: string): Promise<import('@tensorflow/tfjs').LayersModel> {
  await import('./network-kit.ts');
  const modelJson = JSON.parse(await readFile(path.join(directory, 'model.json'), 'utf8')) as {
    modelTopology: import('@tensorflow/tfjs').io.ModelArtifacts['modelTopology'];
    weightsManifest: Array<{ weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }>;
  };
  const weights = await readFile(path.join(directory, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}
