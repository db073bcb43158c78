#!/usr/bin/env node
import { runCli } from '@lineage/cli-kit';

await runCli({ bin: 'atomic', root: import.meta.url });
