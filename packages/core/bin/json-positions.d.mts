/** Where each value of a JSON text starts (line and column, from 1), by the path our issues print. Throws a SyntaxError when the text is not JSON. */
export function jsonPositions(text: string): Map<string, { line: number; column: number }>;
/** The position of `path`, or of its nearest parent that has one. */
export function positionOf(positions: Map<string, { line: number; column: number }>, path: string): { line: number; column: number };
