import { describeMigrations } from '../test/dependents.js';

describeMigrations(1, 2);
