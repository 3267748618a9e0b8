import fc from 'fast-check';
import { propertySeed } from './property-seed.js';

// Vitest setup file (vitest.config.ts `setupFiles`): runs before every test file. Each property keeps
// its own numRuns and other options; a `seed` written in a test would override this one, so tests
// leave it out.
const seed = propertySeed(process.env['FC_SEED']);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
