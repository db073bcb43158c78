#!/usr/bin/env node
// Run from an app's directory (its `bench` script): times that CLI's start-up.
import { benchCliStartup } from '../dist/index.js';

benchCliStartup(process.cwd());
