import { appBuild } from '@lineage/config/tsup';

export default appBuild();
