import { LabIcon } from '@jupyterlab/ui-components';

import optimiserSvg from '../../style/icon.svg';

/** The Optimiser's icon: the side-panel tab and the Settings Editor entry. */
export const optimiserIcon = new LabIcon({
  name: 'jupyterlab-optimiser:icon',
  svgstr: optimiserSvg
});
