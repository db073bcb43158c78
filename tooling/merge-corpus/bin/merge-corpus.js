#!/usr/bin/env node
// merge-corpus <repository> <output-dir> [--max-merges N] [--max-scenarios N] [--name NAME]
import { runCli } from '../dist/index.js';

process.exitCode = runCli(process.argv.slice(2));
