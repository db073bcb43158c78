#!/usr/bin/env node
import module from 'node:module';

// Node 22+ keeps V8's compiled code between runs (a CLI is called in loops); Node 20 has no such
// cache. Enabled before the CLI's code is loaded, hence the dynamic import.
module.enableCompileCache?.();
const { runCli } = await import('@lineage/cli-kit');
await runCli({ bin: 'onx-manifest', root: import.meta.url });
