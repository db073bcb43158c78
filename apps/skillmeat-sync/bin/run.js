#!/usr/bin/env node
import { runCli } from '@lineage/cli-kit';

await runCli({ bin: 'skillmeat-sync', root: import.meta.url });
