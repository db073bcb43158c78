import type { Command } from '@oclif/core';
import Abort from './commands/abort.js';
import Add from './commands/add.js';
import ConfigGet from './commands/config/get.js';
import ConfigList from './commands/config/list.js';
import ConfigSet from './commands/config/set.js';
import Deploy from './commands/deploy.js';
import Drift from './commands/drift.js';
import Hash from './commands/hash.js';
import History from './commands/history.js';
import Init from './commands/init.js';
import List from './commands/list.js';
import MergeFile from './commands/merge-file.js';
import Remove from './commands/remove.js';
import Resolve from './commands/resolve.js';
import Rollback from './commands/rollback.js';
import Serve from './commands/serve.js';
import Show from './commands/show.js';
import Sync from './commands/sync.js';
import Update from './commands/update.js';

/** Every command of this CLI, by id (oclif's explicit command strategy). */
export const COMMANDS: Record<string, Command.Class> = {
  init: Init,
  add: Add,
  list: List,
  show: Show,
  remove: Remove,
  deploy: Deploy,
  sync: Sync,
  update: Update,
  drift: Drift,
  resolve: Resolve,
  abort: Abort,
  rollback: Rollback,
  history: History,
  serve: Serve,
  'config:list': ConfigList,
  'config:get': ConfigGet,
  'config:set': ConfigSet,
  hash: Hash,
  'merge-file': MergeFile,
};
