// Just enough shell to lint RUN instructions: split a script into simple commands (on ;, &&, ||,
// |, & and newlines outside quotes) and each command into words, with `sudo`/`env` prefixes kept
// as words so rules can see them. Heredoc bodies that a shell runs are appended as script text.
import type { Instruction } from './parse.js';
import { shellWords } from './parse.js';

export function splitCommands(script: string): string[][] {
  const out: string[][] = [];
  let cur = '';
  let quote: string | null = null;
  const flush = () => {
    const words = shellWords(cur.replace(/#.*$/gm, ''));
    if (words.length) out.push(words);
    cur = '';
  };
  for (let k = 0; k < script.length; k++) {
    const ch = script[k]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"') cur += script[k++] ?? '';
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === '\\' && script[k + 1] === '\n') {
      k++;
      cur += ' ';
    } else if (ch === ';' || ch === '\n' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      flush();
    } else cur += ch;
  }
  flush();
  return out;
}

const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh)$/;

/** The shell script a RUN instruction executes (shell form, exec form via sh -c, heredocs). */
export function runScript(ins: Instruction): string {
  if (ins.json) {
    const [cmd, ...rest] = ins.json;
    if (cmd && SHELLS.test(cmd) && rest.includes('-c')) return rest[rest.indexOf('-c') + 1] ?? '';
    return ins.json.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ');
  }
  let script = ins.args;
  for (const h of ins.heredocs) {
    // `RUN <<EOF` or `RUN bash <<EOF`: the body is the script. Other programs read it as stdin.
    const before = ins.args.slice(0, ins.args.indexOf('<<')).trim();
    if (before === '' || SHELLS.test(before.split(/\s+/)[0] ?? '')) script += `\n${h.body}`;
  }
  return script.replace(/<<-?\s*(["']?)[A-Za-z0-9_.-]+\1/g, '');
}

/** Simple commands of a RUN, with leading `sudo`, `env VAR=x` and `VAR=x` assignments stripped. */
export function runCommands(ins: Instruction): string[][] {
  return splitCommands(runScript(ins)).map((words) => {
    let k = 0;
    while (
      k < words.length &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!) ||
        words[k] === 'env' ||
        words[k] === 'sudo' ||
        words[k] === 'exec')
    )
      k++;
    return words.slice(k);
  });
}

/** True when `cmd` is `<tool> <sub>` ignoring options between, e.g. `apt-get -q install`. */
export function isSubcommand(cmd: string[], tools: string[], subs: string[]): boolean {
  if (!cmd.length || !tools.includes(cmd[0]!.replace(/^.*\//, ''))) return false;
  const sub = cmd.slice(1).find((w) => !w.startsWith('-'));
  return sub !== undefined && subs.includes(sub);
}

export function hasOption(cmd: string[], ...opts: string[]): boolean {
  return cmd.some(
    (w) =>
      opts.includes(w) ||
      opts.some((o) => o.startsWith('--') && w.startsWith(`${o}=`)) ||
      (/^-[A-Za-z]+$/.test(w) && opts.some((o) => /^-[A-Za-z]$/.test(o) && w.includes(o[1]!))),
  );
}
