// Generated click logs for the tests: the project's one generator and PRNG live in scripts/synthetic-log.mjs.
export { prng, syntheticLog, type SyntheticLogOptions, type SyntheticRecord } from '../../scripts/synthetic-log.mjs';
