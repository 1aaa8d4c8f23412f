#!/usr/bin/env node
/*
 * Runs the built CLI (`lib/cli.js advise ...`) for many argument lists in one Node process: a
 * process per case and scenario would cost about a minute of Node start-up. The bundle is loaded
 * afresh for each list, with process.argv set and its output captured, so each is the command as a
 * user starts it; nothing inside it is called directly.
 *
 * Usage: node tests/corpus/advise_batch.js lib/cli.js JOBS.json
 *   JOBS.json: [{"key": "...", "argv": ["advise", "NB.ipynb", "--facts", "F.json", "--json"]}, ...]
 * Prints [{"key", "code", "stdout", "stderr"}, ...] as JSON.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const [cli, jobsFile] = process.argv.slice(2);
const bundle = require.resolve(path.resolve(cli));
const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf-8'));
const write = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr)
};
const node = process.argv[0];

const results = jobs.map(job => {
  const captured = { stdout: '', stderr: '' };
  process.argv = [node, bundle, ...job.argv];
  process.exitCode = undefined;
  for (const stream of ['stdout', 'stderr']) {
    process[stream].write = text => {
      captured[stream] += text;
      return true;
    };
  }
  try {
    delete require.cache[bundle];
    require(bundle);
  } catch (error) {
    captured.stderr += `advise_batch: the CLI threw: ${error.stack}\n`;
    process.exitCode = 1;
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
  return { key: job.key, code: process.exitCode ?? 0, ...captured };
});
process.exitCode = 0;
write.stdout(JSON.stringify(results));
