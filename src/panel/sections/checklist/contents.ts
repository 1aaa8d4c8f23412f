import { PageConfig } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';

import type { IDirLister } from './workspace';

/** JupyterLab's contents API as the folder lister the workspace checks read. */
export function directoryLister(contents: Contents.IManager): IDirLister {
  return {
    async list(path: string) {
      const listing = await contents.get(path, {
        type: 'directory',
        content: true
      });
      return Array.isArray(listing.content)
        ? (listing.content as Contents.IModel[])
        : [];
    }
  };
}

/** The server's `ContentsManager.allow_hidden`, when the page says (JupyterLab does, Notebook 7 may not). */
export function allowHidden(): boolean | null {
  const value = PageConfig.getOption('allow_hidden_files');
  return value === 'true' ? true : value === 'false' ? false : null;
}
