// Terminal styling lives in report/ (the table format uses it); the CLI re-exports it.
export * from '../report/style.js';
