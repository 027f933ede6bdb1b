import path from 'node:path';

/** The models folder of a config (saved signal models and the journal): `--models`, else `models/<config name>`. */
export function modelsDirOf(configName: string, option: string | undefined): string {
  return option ?? path.join('models', configName);
}
