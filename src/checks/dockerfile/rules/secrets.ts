import { defineRule, type RuleHit } from '../../rule.js';
import { allInstructions, type DockerfileContext } from '../context.js';
import { argPairs, shellWords } from '../parse.js';

/** Variable names that say "credential"; `_FILE`/`_PATH` variants point at a file and are fine. */
const SECRET_NAME =
  /(PASSW(OR)?D|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH)($|_)/i;
const NOT_SECRET = /(_FILE|_PATH|_DIR|_URL|_HOST|_PORT|_USER(NAME)?|_ID|_ENDPOINT|_HEADER)$/i;
/** Files that hold credentials and must not be copied into an image. */
const SECRET_FILE =
  /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|\.npmrc|\.pypirc|\.netrc|\.env|\.git-credentials|credentials(\.json)?|\.dockercfg|\.docker\/config\.json|[^/]*\.(pem|key|p12|pfx|jks|keystore))$/i;

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:secrets',
  family: 'dockerfile',
  refs: ['DS-0031', 'DL3064', 'CIS-DI-0010'],
  severity: 'CRITICAL',
  title: 'Secret in ENV, ARG or a copied file',
  docs: {
    description:
      'ENV values and build ARGs are stored in the image config and history, readable by anyone who can pull the image; copied key files stay in a layer even when deleted later.',
    remediation:
      'Use BuildKit secrets (`RUN --mount=type=secret,id=token …`) at build time and mounted secrets at run time.',
    references: ['https://docs.docker.com/build/building/secrets/'],
  },
  check: (ctx) =>
    allInstructions(ctx).flatMap(({ ins }): RuleHit[] => {
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        return argPairs(ins.args, ins.keyword === 'ENV')
          .filter(
            ([name, value]) =>
              SECRET_NAME.test(name) &&
              !NOT_SECRET.test(name) &&
              (ins.keyword === 'ARG' ||
                (value !== undefined && value !== '' && !/^\$\{?\w+\}?$/.test(value))),
          )
          .map(([name]) => ({
            message: `${ins.keyword} ${name} passes a credential through the image config`,
            line: ins.line,
          }));
      }
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.from) {
        const words = ins.json ?? shellWords(ins.args);
        return words
          .slice(0, -1)
          .filter((s) => SECRET_FILE.test(s))
          .map((s) => ({
            message: `${ins.keyword} copies credential file ${s} into the image`,
            line: ins.line,
          }));
      }
      return [];
    }),
  examples: {
    good: [
      'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db\nRUN --mount=type=secret,id=token cat /run/secrets/token\n',
    ],
    bad: [
      'FROM alpine:3.20\nENV DB_PASSWORD=hunter2\n',
      'FROM alpine:3.20\nARG GITHUB_TOKEN\n',
      'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n',
    ],
  },
});
