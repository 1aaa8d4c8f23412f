import type { ISettingRegistry } from '@jupyterlab/settingregistry';

import { PLUGIN_ID } from '../../contracts/ids';

/**
 * Reads the Optimiser's settings into a plain config object, now and after every change; with no
 * registry, or settings that fail to load, the caller keeps its defaults.
 */
export async function followSettings<T>(
  registry: ISettingRegistry | null,
  read: (composite: Record<string, unknown>) => T,
  apply: (config: T) => void
): Promise<void> {
  if (!registry) {
    return;
  }
  try {
    const settings = await registry.load(PLUGIN_ID);
    const update = () =>
      apply(read(settings.composite as Record<string, unknown>));
    update();
    settings.changed.connect(update);
  } catch (reason) {
    console.warn(
      'Optimiser: could not load the settings; using the defaults',
      reason
    );
  }
}
