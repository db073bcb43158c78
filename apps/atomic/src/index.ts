import type { Command } from '@oclif/core';
import Add from './commands/add.js';
import Apply from './commands/apply.js';
import Attribution from './commands/attribution.js';
import Change from './commands/change.js';
import ChannelDelete from './commands/channel/delete.js';
import Channel from './commands/channel/index.js';
import ChannelNew from './commands/channel/new.js';
import ChannelRename from './commands/channel/rename.js';
import ChannelSwitch from './commands/channel/switch.js';
import Clone from './commands/clone.js';
import ConfigGet from './commands/config/get.js';
import ConfigSet from './commands/config/set.js';
import Conflicts from './commands/conflicts.js';
import Credit from './commands/credit.js';
import Diff from './commands/diff.js';
import Fork from './commands/fork.js';
import Gc from './commands/gc.js';
import Hotfix from './commands/hotfix.js';
import Init from './commands/init.js';
import Log from './commands/log.js';
import Migrate from './commands/migrate.js';
import Mv from './commands/mv.js';
import PropagateHotfix from './commands/propagate-hotfix.js';
import Pull from './commands/pull.js';
import Push from './commands/push.js';
import RecordCommand from './commands/record.js';
import Reset from './commands/reset.js';
import Rm from './commands/rm.js';
import State from './commands/state.js';
import Status from './commands/status.js';
import TagCreate from './commands/tag/create.js';
import TagDelete from './commands/tag/delete.js';
import TagList from './commands/tag/list.js';
import TagShow from './commands/tag/show.js';
import Unrecord from './commands/unrecord.js';

/** Every command of this CLI, by id (oclif's explicit command strategy; topics use spaces). */
export const COMMANDS: Record<string, Command.Class> = {
  init: Init,
  add: Add,
  rm: Rm,
  mv: Mv,
  status: Status,
  diff: Diff,
  reset: Reset,
  record: RecordCommand,
  log: Log,
  change: Change,
  channel: Channel,
  'channel:new': ChannelNew,
  'channel:switch': ChannelSwitch,
  'channel:delete': ChannelDelete,
  'channel:rename': ChannelRename,
  fork: Fork,
  gc: Gc,
  apply: Apply,
  unrecord: Unrecord,
  state: State,
  conflicts: Conflicts,
  credit: Credit,
  clone: Clone,
  pull: Pull,
  push: Push,
  'tag:create': TagCreate,
  'tag:list': TagList,
  'tag:show': TagShow,
  'tag:delete': TagDelete,
  attribution: Attribution,
  hotfix: Hotfix,
  'propagate-hotfix': PropagateHotfix,
  migrate: Migrate,
  'config:set': ConfigSet,
  'config:get': ConfigGet,
};
