#!/usr/bin/env node
import { runCli } from '@lineage/cli-kit';

await runCli({ bin: 'onx-manifest', root: import.meta.url });
