// Dockerfile parser after the BuildKit frontend (moby/buildkit frontend/dockerfile/parser and the
// Dockerfile reference): parser directives (`# escape=`, `# syntax=`), line continuations with the
// escape character, comment and blank lines inside continuations, flags (`--from=…`), JSON (exec)
// versus shell form, and heredocs (`<<EOF`, `<<-EOF`, quoted delimiters, several per instruction)
// for RUN, COPY and ADD. It never throws: a malformed line becomes an instruction the rules ignore.

export interface Heredoc {
  name: string;
  /** Body without the terminator line; `<<-` strips leading tabs. */
  body: string;
  /** `<<-`: leading tabs stripped from body lines and the terminator. */
  chomp: boolean;
  /** Quoted delimiter: no variable expansion in the body. */
  quoted: boolean;
  /** Line of the first body line. */
  line: number;
}

export interface Instruction {
  /** Upper-case keyword (FROM, RUN …). */
  keyword: string;
  /** Flags before the arguments: `--from=build` → { from: ['build'] }. */
  flags: Record<string, string[]>;
  /** The arguments after flags, continuations joined with a space-less splice as BuildKit does. */
  args: string;
  /** Exec form, when the arguments are a JSON array of strings. */
  json?: string[];
  heredocs: Heredoc[];
  /** 1-based first and last physical lines (heredoc bodies included). */
  line: number;
  endLine: number;
}

export interface Stage {
  index: number;
  /** Base image or stage as written, after ARG substitution. */
  base: string;
  /** `AS name`, lower-cased as BuildKit compares them. */
  name?: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface Dockerfile {
  directives: Record<string, string>;
  escape: string;
  /** ARGs declared before the first FROM, with defaults. */
  globalArgs: Record<string, string | undefined>;
  instructions: Instruction[];
  stages: Stage[];
}

const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/;
const HEREDOC_RE = /<<(-?)\s*(["']?)([A-Za-z0-9_.-]+)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const directives: Record<string, string> = {};
  let i = 0;
  // Directives only at the very top, before any blank line, comment or instruction.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec(lines[i]!);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    if (key in directives) break;
    directives[key] = m[2]!;
  }
  const escape = directives.escape === '`' ? '`' : '\\';
  const instructions: Instruction[] = [];
  while (i < lines.length) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    let logical = '';
    let cur = raw.replace(/^\s+/, '');
    for (;;) {
      const cont = continues(cur, escape);
      if (cont === null) {
        logical += cur;
        i++;
        break;
      }
      logical += cont;
      i++;
      // Skip comment and blank lines inside a continuation (BuildKit drops them).
      while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('#'))) i++;
      if (i >= lines.length) break;
      cur = lines[i]!;
    }
    const ins = instruction(logical, start + 1);
    if (HEREDOC_KEYWORDS.has(ins.keyword)) {
      for (const m of logical.matchAll(HEREDOC_RE)) {
        const chomp = m[1] === '-';
        const name = m[3]!;
        const body: string[] = [];
        const bodyLine = i + 1;
        while (i < lines.length) {
          const l = chomp ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
          i++;
          if (l === name) break;
          body.push(l);
        }
        ins.heredocs.push({
          name,
          body: body.join('\n') + (body.length ? '\n' : ''),
          chomp,
          quoted: m[2] !== '',
          line: bodyLine,
        });
      }
    }
    ins.endLine = Math.max(ins.line, i);
    instructions.push(ins);
  }
  return { directives, escape, ...stagesOf(instructions) };
}

/** The line without its trailing escape if it continues, else null. */
function continues(line: string, escape: string): string | null {
  const t = line.replace(/\s+$/, '');
  if (!t.endsWith(escape)) return null;
  // An escaped escape at the end (`\\`) is a literal, not a continuation.
  let n = 0;
  for (let k = t.length - 1; k >= 0 && t[k] === escape; k--) n++;
  return n % 2 === 1 ? t.slice(0, -1) : null;
}

function instruction(logical: string, line: number): Instruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(logical.trim());
  const keyword = (m?.[1] ?? '').toUpperCase();
  let rest = m?.[2] ?? '';
  const flags: Record<string, string[]> = {};
  if (FLAG_KEYWORDS.has(keyword)) {
    for (;;) {
      const f = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|\S*))?\s*/.exec(rest);
      if (!f) break;
      const value = (f[2] ?? '').replace(/^"(.*)"$/, '$1');
      (flags[f[1]!.toLowerCase()] ??= []).push(value);
      rest = rest.slice(f[0].length);
    }
  }
  const ins: Instruction = { keyword, flags, args: rest.trim(), heredocs: [], line, endLine: line };
  if (JSON_KEYWORDS.has(keyword) || (keyword === 'HEALTHCHECK' && /^CMD\s*\[/i.test(ins.args))) {
    const body = keyword === 'HEALTHCHECK' ? ins.args.replace(/^CMD\s*/i, '') : ins.args;
    if (body.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) ins.json = parsed;
      } catch {
        /* not JSON: shell form, as BuildKit falls back */
      }
    }
  }
  return ins;
}

/** Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} from `vars`; unknown variables become ''. */
export function expandVars(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced, op, word, bare) => {
      const v = vars[(braced ?? bare) as string];
      if (op === '-') return v ? v : word;
      if (op === '+') return v ? word : '';
      return v ?? '';
    },
  );
}

function stagesOf(instructions: Instruction[]): Pick<Dockerfile, 'instructions' | 'stages' | 'globalArgs'> {
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter(Boolean);
      const base = expandVars(words[0] ?? '', globalArgs);
      const asIdx = words.findIndex((w) => w.toLowerCase() === 'as');
      const name = asIdx > 0 ? words[asIdx + 1]?.toLowerCase() : undefined;
      stages.push({ index: stages.length, base, ...(name ? { name } : {}), from: ins, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        for (const [k, v] of argPairs(ins.args)) globalArgs[k] = v;
      }
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return { instructions, stages, globalArgs };
}

/** `ARG A=1 B` → [['A','1'], ['B', undefined]]; also used for ENV (`ENV A=1 B=2`, legacy `ENV A 1`). */
export function argPairs(args: string, legacyEnv = false): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  const words = shellWords(args);
  if (legacyEnv && words.length >= 2 && !words[0]!.includes('=')) {
    // Legacy `ENV KEY value with spaces`.
    return [
      [
        words[0]!,
        args
          .trim()
          .slice(args.trim().indexOf(' ') + 1)
          .trim(),
      ],
    ];
  }
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0) out.push([w.slice(0, eq), w.slice(eq + 1)]);
    else if (w) out.push([w, undefined]);
  }
  return out;
}

/** Split on unquoted whitespace, removing quotes (enough for ARG/ENV/LABEL/EXPOSE values). */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let any = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && k + 1 < text.length) cur += text[++k];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (ch === '\\' && k + 1 < text.length) {
      cur += text[++k];
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += ch;
    }
  }
  if (cur || any) out.push(cur);
  return out;
}
