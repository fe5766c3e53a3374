import { defineSecretRule } from '../types.js';

// ref: Slack token types: xoxb- (bot), xoxp- (user), xoxa-/xoxr- (app/refresh), xoxs-; and incoming webhooks.
export const rule = defineSecretRule({
  id: 'slack-token',
  category: 'Slack',
  title: 'Slack token or webhook',
  severity: 'HIGH',
  keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'hooks.slack.com'],
  regex:
    /\b(xox[abeprs]-[0-9]{6,}-[0-9A-Za-z-]{8,}|https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/g,
  secretGroup: 1,
  minEntropy: 3.5,
  examples: {
    positive: [
      'SLACK_BOT_TOKEN=xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1',
      'https://hooks.slack.com/services/T024BE7LD/B01J9BX2DAL/abcdEFGHijkl1234MNOPqrst',
    ],
    negative: ['xoxb-your-token'],
  },
});
