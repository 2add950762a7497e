// @shopscene/core/related — tools for a store's own history, run in Node (the `shopscene` command
// line uses them): read behaviour logs, build related lists, evaluate recommendations offline.
export { createLogReader, readAction, readTime, recordsFromJson, type LogAction, type LogProblem, type LogReaderOptions, type LogRecord } from './log-records.ts';
export { createRelatedBuilder, RELATED_DEFAULTS, type RelatedOptions } from './build-related.ts';
export { catalogOf, createScorer, replay, sessionsOf, splitByTime, toEvent, type Prediction, type Scores, type Session } from './sessions.ts';
export { createSessionKnn, evaluate, type EvaluateOptions, type MethodScores } from './evaluate.ts';
export { DEFAULT_BLEND, tune, tuneInSlices, type RankingBlend, type RelatedShape, type TuneOptions, type TuneResult } from './tune.ts';
