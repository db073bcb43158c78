import { packageProject } from '@lineage/config/vitest';

export default packageProject(import.meta.dirname);
