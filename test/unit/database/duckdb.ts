// DuckDB-WASM's Node build (the same engine as the browser's), synchronous: one in-memory
// database per test file. The CLI's opener, so tests and `icrm` run the same engine the same way.
export { openDuckDB, rows, type Connection } from '../../../src/cli/customerDatabase.ts';
