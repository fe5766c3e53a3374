// Load errors and warnings with file, line and column, using Falco's load_result codes so that users
// can match them with Falco's documentation (falco `userspace/engine/falco_load_result.h`).

export interface Location {
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

export type ErrorCode =
  | 'LOAD_ERR_FILE_READ'
  | 'LOAD_ERR_YAML_PARSE'
  | 'LOAD_ERR_YAML_VALIDATE'
  | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT'
  | 'LOAD_ERR_VALIDATE';

export type WarningCode =
  | 'LOAD_UNKNOWN_SOURCE'
  | 'LOAD_UNSAFE_NA_CHECK'
  | 'LOAD_NO_EVTTYPE'
  | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST'
  | 'LOAD_UNKNOWN_ITEM'
  | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME'
  | 'LOAD_INVALID_LIST_NAME'
  | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY'
  | 'LOAD_DEPRECATED_FIELD';

export interface LoadMessage<C extends string = ErrorCode | WarningCode> extends Location {
  code: C;
  message: string;
  /** What the message is about, e.g. `rule 'Terminal shell in container'`. */
  item?: string;
}

export type LoadError = LoadMessage<ErrorCode>;
export type LoadWarning = LoadMessage<WarningCode>;

export class Messages {
  readonly errors: LoadError[] = [];
  readonly warnings: LoadWarning[] = [];

  error(code: ErrorCode, message: string, loc: Location, item?: string): void {
    this.errors.push(item === undefined ? { ...loc, code, message } : { ...loc, code, message, item });
  }

  warn(code: WarningCode, message: string, loc: Location, item?: string): void {
    this.warnings.push(item === undefined ? { ...loc, code, message } : { ...loc, code, message, item });
  }
}

/** Thrown inside the reader/collector for one item; caught per item and recorded as an error. */
export class ItemError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly loc: Location,
  ) {
    super(message);
  }
}

/** `file:line:col: message (item)` — the one-line form used by the CLI. */
export function formatMessage(m: LoadMessage): string {
  const where = m.line ? `${m.file}:${m.line}:${m.column}` : m.file;
  return `${where}: ${m.item ? `${m.item}: ` : ''}${m.message}`;
}
