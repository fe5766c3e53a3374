// Semantics of compiled conditions over field-map events: operators per field type, modifiers,
// transformers, missing fields, ancestors, list fields; and the derived event-type sets.
import { describe, expect, it } from 'vitest';
import type { FieldMap } from '../../event.js';
import { k8sAuditSource } from '../fields/k8s-audit.js';
import { syscallSource } from '../fields/syscall.js';
import { compileCondition } from './compile.js';
import { eventTypes } from './evttypes.js';
import { ConditionSyntaxError } from './lexer.js';
import { parseCondition } from './parser.js';
import { resolve } from './resolve.js';

const LISTS: Record<string, string[]> = {
  shells: ['bash', 'sh', 'zsh'],
  nets: ['"10.0.0.0/8"', '"192.168.0.0/16"'],
  empty: [],
  nested: ['shells', 'fish'],
};

function compile(cond: string) {
  const ast = resolve(parseCondition(cond), {
    macro: (n) =>
      n === 'never_true'
        ? parseCondition('evt.num=0')
        : n === 'spawned'
          ? parseCondition('evt.type in (execve, execveat)')
          : undefined,
    list: (n) => {
      const items = LISTS[n];
      if (!items) return undefined;
      return items.flatMap((i) => LISTS[i] ?? [i]);
    },
  });
  return { ...compileCondition(ast, syscallSource), ast };
}

const EV: FieldMap = {
  'evt.type': 'execve',
  'evt.num': 42,
  'proc.name': 'bash',
  'proc.cmdline': 'bash -c "curl http://x | sh"',
  'proc.args': '-c "curl http://x | sh"',
  'proc.exepath': '/usr/bin/bash',
  'proc.aname': ['bash', 'sshd', 'systemd'],
  'proc.apid': [100, 50, 1],
  'proc.tty': 34816,
  'user.uid': '1000',
  'user.name': 'Alice',
  'fd.name': '/etc/ssh/sshd_config',
  'fd.sip': '10.1.2.3',
  'fd.cip': '172.17.0.2',
  'fd.sport': 443,
  'fd.cport': 51000,
  'evt.is_open_write': 'true',
  'container.privileged': false,
  'evt.arg.flags': 'O_WRONLY|O_TRUNC',
  'evt.buffer': 'ls -la\n',
  'proc.env': { PATH: '/bin', HOME: '/root' },
};

describe('compiled conditions', () => {
  it.each([
    // strings
    ['proc.name = bash', true],
    ['proc.name == bash', true],
    ['proc.name != bash', false],
    ['proc.name contains as', true],
    ['proc.name icontains AS', true],
    ['user.name icontains alice', true],
    ['proc.name startswith ba', true],
    ['proc.name endswith sh', true],
    ['proc.exepath glob "/usr/*/ba?h"', true],
    ['proc.exepath glob "/usr/[a-c]*"', true],
    ['proc.exepath glob "/usr/[!a]*"', true],
    ['proc.exepath glob "/usr/[!b]*"', false],
    ['proc.exepath iglob "/USR/BIN/*"', true],
    ['proc.exepath glob "/usr/bin"', false],
    ['proc.cmdline regex "bash -c .*curl.*"', true],
    ['proc.cmdline regex "curl"', false], // the whole value must match (RE2 ANCHOR_BOTH)
    ['proc.name in (shells)', true],
    ['proc.name in (nested)', true],
    ['proc.name in (fish, nested)', true],
    ['proc.name in ("shells")', false], // quoted: not a list reference
    ['proc.name in (empty)', false],
    ['proc.name in shells', true],
    ['proc.name intersects (zsh, bash)', true],
    ['fd.name pmatch (/etc/ssh)', true],
    ['fd.name pmatch (/etc/ss)', false],
    ['fd.name pmatch (/etc/*/sshd_config)', true],
    ['fd.name pmatch (/var, /etc)', true],
    ['evt.buffer bcontains 6c73202d', true],
    ['evt.buffer bstartswith 6c73', true],
    ['evt.buffer bcontains 0000', false],
    // modifiers
    ['proc.name startswith oneof (b, ba)', false],
    ['proc.name startswith oneof (b, x)', true],
    ['proc.name startswith anyof (x, ba)', true],
    ['proc.name startswith allof (b, ba, bas)', true],
    ['proc.name startswith allof (b, x)', false],
    ['proc.name = anyof (shells)', true],
    ['proc.name != allof (sh, zsh)', true],
    ['proc.name != allof (sh, bash)', false],
    // numbers, from strings too
    ['user.uid = 1000', true],
    ['user.uid > 999', true],
    ['user.uid <= 0x3e8', true],
    ['user.uid in (0, 1000)', true],
    ['proc.tty != 0', true],
    ['fd.sport >= 1024', false],
    // booleans
    ['evt.is_open_write = true', true],
    ['container.privileged = false', true],
    ['container.privileged = true', false],
    // IP addresses and networks
    ['fd.sip = 10.1.2.3', true],
    ['fd.sip in ("10.0.0.0/8")', true],
    ['fd.snet in (nets)', true],
    ['fd.net = "172.16.0.0/12"', true], // either end
    ['fd.ip = "172.17.0.2"', true],
    ['fd.port = 51000', true],
    ['fd.sip in ("192.168.0.0/16")', false],
    // missing fields: the comparison is false, its negation true
    ['proc.pcmdline = x', false],
    ['not proc.pcmdline in (x)', true],
    ['proc.pcmdline exists', false],
    ['proc.name exists', true],
    ['not proc.pcmdline exists', true],
    // ancestors
    ['proc.aname = sshd', true],
    ['proc.aname = bash', false], // from the parent up
    ['proc.aname[0] = bash', true],
    ['proc.aname[2] = systemd', true],
    ['proc.aname[3] = x', false],
    ['proc.pname = sshd', true],
    ['proc.ppid = 50', true],
    ['proc.apid[2] = 1', true],
    ['proc.aname in (systemd)', true],
    // arguments
    ['evt.arg.flags contains O_TRUNC', true],
    ['evt.arg[flags] contains O_TRUNC', true],
    ['proc.env[HOME] = /root', true],
    // transformers
    ['tolower(user.name) = alice', true],
    ['toupper(proc.name) = BASH', true],
    ['basename(proc.exepath) = bash', true],
    ['len(proc.name) = 4', true],
    ['b64(proc.name) = x', false],
    ['concat(proc.name, "-", user.name) = bash-Alice', true],
    ['join(":", fd.types) = "-c:x"', false],
    ['proc.name = val(proc.aname[0])', true],
    ['proc.name != val(proc.pname)', true],
    ['proc.pname = tolower(proc.name)', false],
    ['fd.directory = /etc/ssh', true],
    ['fd.filename = sshd_config', true],
    // logic and macros
    ['spawned and proc.name = bash', true],
    ['not spawned', false],
    ['never_true or proc.name = bash', true],
    ['not (proc.name = x or proc.name = y)', true],
  ])('%s → %s', (cond, expected) => {
    expect(compile(cond).predicate(EV)).toBe(expected);
  });

  it('alias fields fall back to the ancestor arrays (fused and generic checks alike)', () => {
    const ev: FieldMap = { 'proc.aname': ['nc', 'bash', 'sshd'], 'proc.apid': ['10', '9', '1'] };
    expect(compile('proc.name = nc').predicate(ev)).toBe(true);
    expect(compile('proc.name in (nc, ncat)').predicate(ev)).toBe(true);
    expect(compile('proc.pname startswith ba').predicate(ev)).toBe(true);
    expect(compile('proc.pid = 10').predicate(ev)).toBe(true);
    expect(compile('proc.ppid > 8').predicate(ev)).toBe(true);
    expect(compile('proc.name != bash').predicate(ev)).toBe(true);
    expect(compile('proc.exepath != x').predicate(ev)).toBe(false);
    expect(compile('tolower(proc.pname) = bash').predicate(ev)).toBe(true);
  });

  it('decodes base64 with b64()', () => {
    expect(compile('b64(proc.cmdline) = "echo hi"').predicate({ 'proc.cmdline': 'ZWNobyBoaQ' })).toBe(true);
    expect(compile('b64(proc.cmdline) contains hi').predicate({ 'proc.cmdline': 'ZWNobyBoaQ==' })).toBe(true);
  });

  it('parses options with getopt()', () => {
    const ev: FieldMap = { 'proc.args': '-x', 'fd.types': ['-c', 'rm -rf /', '-v'] };
    expect(compile('getopt(fd.types, "c:v")[c] = "rm -rf /"').predicate(ev)).toBe(true);
    expect(compile('getopt(fd.types, "c:v")[v] = v').predicate(ev)).toBe(true);
    expect(compile('getopt(fd.types, "c:v") intersects (v)').predicate(ev)).toBe(true);
    expect(compile('getopt(fd.types, "c:")[x] exists').predicate(ev)).toBe(false);
  });

  it.each([
    ['proc.name contains', 'expected a valid check operator'],
    ['proc.name contains ', 'expected a string value'],
    ['proc.name < bbbb', 'expected a number value'],
    ['user.uid contains 1', "'contains' operator not supported for number filters"],
    ['user.uid = abc', "'abc' is not a number"],
    ['container.privileged = maybe', "unrecognized boolean value 'maybe'"],
    ['fd.sip = 999.1.1.1', 'is not an IP address or network'],
    ['proc.nope = x', 'nonexistent field proc.nope'],
    ['proc.aname[x] = y', 'needs a numeric index'],
    ['evt.arg = x', 'requires an argument'],
    ['proc.name regex "("', 'invalid regex pattern'],
    ['unknown_macro', "Undefined macro 'unknown_macro'"],
    ['fd.types = x', "'=' operator not supported list filters"],
    ['proc.name pmatch val(proc.pname)', "doesn't support right-hand side fields"],
    ['join(",", proc.name) = x', 'join() second argument must be a list'],
    ['concat(proc.name) = x', 'concat() requires at least 2 arguments'],
    ['len(proc.aname) = 2', "field 'proc.aname' does not support transformers"],
    ['proc.name in (val(proc.pname))', "expected a ')' token"],
  ])('rejects %s at compile time', (cond, message) => {
    expect(() => compile(cond)).toThrow(ConditionSyntaxError);
    expect(() => compile(cond)).toThrow(message);
  });

  it('list fields: in needs every value in the set, intersects any', () => {
    const c = (cond: string) => compileCondition(parseCondition(cond), k8sAuditSource).predicate;
    const ev = {
      auditID: 'x',
      requestObject: { spec: { containers: [{ image: 'nginx:1.25' }, { image: 'docker.io/busybox' }] } },
    };
    expect(c('ka.req.pod.containers.image.repository in (nginx, docker.io/busybox)')(ev)).toBe(true);
    expect(c('ka.req.pod.containers.image.repository in (nginx)')(ev)).toBe(false);
    expect(c('not ka.req.pod.containers.image.repository in (nginx)')(ev)).toBe(true);
    expect(c('ka.req.pod.containers.image.repository intersects (nginx)')(ev)).toBe(true);
    expect(c('ka.req.pod.containers.image[1] in ("docker.io/busybox")')(ev)).toBe(true);
    // No containers: the field is not available, so `in` and `not in` differ as in Falco.
    const none = { auditID: 'y', requestObject: { spec: {} } };
    expect(c('ka.req.pod.containers.image in (nginx)')(none)).toBe(false);
    expect(c('not ka.req.pod.containers.image in (nginx)')(none)).toBe(true);
  });
});

describe('event-type sets (Falco evttype index)', () => {
  const types = (cond: string): string => {
    const s = eventTypes(compile(cond).ast);
    return s.all
      ? `all${s.except.size ? ` except ${[...s.except].sort().join(',')}` : ''}`
      : [...s.only].sort().join(',') || 'none';
  };
  it.each([
    ['evt.type = open', 'open'],
    ['evt.type in (open, openat) and proc.name = cat', 'open,openat'],
    ['evt.type = open or evt.type = connect', 'connect,open'],
    ['proc.name = cat', 'all'],
    ['evt.type != open', 'all except open'],
    ['not evt.type in (open, openat)', 'all except open,openat'],
    ['not (evt.type = open or proc.name = x)', 'all except open'],
    ['not (evt.type = open and proc.name = x)', 'all'],
    ['spawned and not evt.type = execveat', 'execve'],
    ['evt.type = open and evt.type = connect', 'none'],
    ['never_true and evt.type = open', 'none'],
    ['never_true', 'none'],
    ['not never_true', 'all'],
    ['evt.num > 0', 'all'],
    ['evt.type exists', 'all'],
    ['not evt.type exists', 'none'],
  ])('%s → %s', (cond, expected) => {
    expect(types(cond)).toBe(expected);
  });
});
