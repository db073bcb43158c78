import { describeMigrations } from '../test/dependents.js';

describeMigrations(0, 2);
