import { describeCliConventions } from '@lineage/test-utils';

describeCliConventions(`${import.meta.dirname}/..`);
