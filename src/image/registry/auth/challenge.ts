// WWW-Authenticate parsing. ref: RFC 7235 §2.1 and §4.1 (challenge = auth-scheme [ token68 / #auth-param ]),
// RFC 7230 §3.2.6 (token, quoted-string). Registries send e.g.
//   Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"
// One header may hold several challenges; a new one starts at a token that is not followed by "=".
// Never throws: hostile headers yield whatever challenges parse, possibly none.

export interface Challenge {
  /** Lowercased auth scheme, e.g. `bearer`, `basic`. */
  scheme: string;
  /** Auth parameters, names lowercased. */
  params: Record<string, string>;
  token68?: string;
}

const MAX_HEADER = 16 * 1024;
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[A-Za-z0-9\-._~+/]/;

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  if (Array.isArray(header)) return header.flatMap((h) => parseChallenges(h));
  const s = header.slice(0, MAX_HEADER);
  const out: Challenge[] = [];
  let i = 0;

  const skip = (re: RegExp): void => {
    while (i < s.length && re.test(s[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const quoted = (): string => {
    // s[i] === '"'
    i++;
    let v = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      v += s[i];
      i++;
    }
    i++; // closing quote (or past the end)
    return v;
  };
  /** Is there `token BWS =` (but not a token68 tail like `abc==`) at position i? */
  const paramAhead = (): boolean => {
    let j = i;
    while (j < s.length && TCHAR.test(s[j]!)) j++;
    if (j === i) return false;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    if (s[j] !== '=') return false;
    j++;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    // `abc=` followed by end, comma or another `=` is a token68, not a parameter.
    return j < s.length && s[j] !== ',' && s[j] !== '=';
  };

  while (i < s.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) {
      if (i < s.length) i++; // junk character: skip it
      continue;
    }
    // A null-prototype object: parameter names like `constructor` or `__proto__` stay plain data.
    const challenge: Challenge = {
      scheme: scheme.toLowerCase(),
      params: Object.create(null) as Record<string, string>,
    };
    out.push(challenge);
    skip(/[ \t]/);
    if (i < s.length && s[i] !== ',' && !paramAhead()) {
      // token68 (e.g. `Negotiate abc==`)
      const start = i;
      while (i < s.length && TOKEN68.test(s[i]!)) i++;
      while (i < s.length && s[i] === '=') i++;
      if (i > start) challenge.token68 = s.slice(start, i);
      continue;
    }
    for (;;) {
      skip(/[\s,]/);
      if (!paramAhead()) break;
      const name = token().toLowerCase();
      skip(/[ \t]/);
      i++; // '='
      skip(/[ \t]/);
      const value = s[i] === '"' ? quoted() : token();
      // First occurrence wins; a duplicate parameter is a server bug, not a reason to fail.
      if (!Object.hasOwn(challenge.params, name)) challenge.params[name] = value;
    }
  }
  return out;
}
