/**
 * Installs `@lezer/python` as the analysis' parser. Imported for its effect by the entries that run
 * outside JupyterLab (the CLI, the tests, the benchmarks); the browser uses JupyterLab's copy.
 */
import { parser } from '@lezer/python';

import { installPythonParser } from './parser';

installPythonParser(parser);
