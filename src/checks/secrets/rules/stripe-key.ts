import { defineSecretRule } from '../types.js';

// Live secret (sk_live_) and restricted (rk_live_) keys; test-mode keys move no money and are not reported.
export const rule = defineSecretRule({
  id: 'stripe-key',
  category: 'Stripe',
  title: 'Stripe live secret key',
  severity: 'CRITICAL',
  keywords: ['sk_live_', 'rk_live_'],
  regex: /\b((?:sk|rk)_live_[0-9A-Za-z]{24,99})\b/g,
  secretGroup: 1,
  minEntropy: 3.5,
  examples: {
    positive: ['stripe.api_key = "sk_live_51H8bQ2KzX9mN4pL7rT1vW3yZ6cA"'],
    negative: ['sk_test_51H8bQ2KzX9mN4pL7rT1vW3yZ6cA'],
  },
});
