#!/usr/bin/env node
import module from 'node:module';

// The seed's `onx-migrate apply|rollback`: onx-manifest's apply and rollback under a second name.
module.enableCompileCache?.();
const { runOnxMigrate } = await import('../dist/onx-migrate.js');
await runOnxMigrate(import.meta.url);
