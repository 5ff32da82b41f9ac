/**
 * Room `errors`: the one error table of the broker and its error classes, with each error's HTTP
 * status or close code. Imports no other room of src/: every room may use it.
 */
export { AuthenticationError, type ErrorCode, errorCodes, JunctionError } from './table.js';
