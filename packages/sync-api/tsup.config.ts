import { packageBuild } from '@lineage/config/tsup';

export default packageBuild();
