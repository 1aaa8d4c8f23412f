import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { FACTS } from '../../__tests__/fixtures';
import { machineView } from './state';
import { Machine } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');

describe('Machine', () => {
  it('waits for the probe', () => {
    render(<Machine trans={trans} machine={null} onCopy={jest.fn()} />);
    expect(screen.getByText(/Not measured yet/)).toBeTruthy();
  });

  it('shows cores, memory, GPUs, the scheduler and installed libraries', () => {
    render(
      <Machine
        trans={trans}
        machine={machineView(FACTS, [], 'pathos')}
        onCopy={jest.fn()}
      />
    );
    const region = screen.getByRole('region', { name: 'This machine' });
    expect(region.textContent).toContain('16 usable cores');
    expect(region.textContent).toContain('48.0 GiB free of 64.0 GiB');
    expect(region.textContent).toContain('NVIDIA H100 (80.0 GiB)');
    expect(region.textContent).toContain('SLURM');
    const installed = within(
      screen.getByRole('list', { name: 'Installed' })
    ).getAllByRole('listitem');
    expect(installed[0].textContent).toBe('numpy 2.1.3');
    expect(screen.queryByRole('list', { name: /not installed/ })).toBeNull();
  });

  it('names what the advice needs but is missing, with the command to copy', () => {
    const onCopy = jest.fn();
    render(
      <Machine
        trans={trans}
        machine={machineView(FACTS, ['numba-jit'], 'pathos')}
        onCopy={onCopy}
      />
    );
    const missing = screen.getByRole('list', {
      name: 'Needed by the advice, not installed'
    });
    expect(missing.textContent).toContain(
      'numba is needed by the advice but not installed'
    );
    expect(missing.textContent).toContain('%pip install numba');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Copy the command that installs numba'
      })
    );
    expect(onCopy).toHaveBeenCalledWith('%pip install numba');
  });

  it('says when there is no GPU and no scheduler', () => {
    const facts = {
      ...FACTS,
      machine: {
        ...FACTS.machine,
        gpus: [],
        scheduler: null,
        memory_available_bytes: null
      }
    };
    render(
      <Machine
        trans={trans}
        machine={machineView(facts, [], 'pathos')}
        onCopy={jest.fn()}
      />
    );
    const region = screen.getByRole('region', { name: 'This machine' });
    expect(region.textContent).toContain('none (a single machine)');
    expect(region.textContent).toMatch(/GPUsnone/);
    expect(region.textContent).toContain('64.0 GiB');
  });
});
