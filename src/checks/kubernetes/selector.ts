// Label selectors (metav1.LabelSelector): matchLabels AND matchExpressions; an empty selector
// matches everything. ref: apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector.
import { isObject } from './pss/visit.js';

export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return true; // a missing podSelector is the empty selector
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== String(v)) return false;
  }
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!isObject(e) || typeof e.key !== 'string') return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an invalid operator selects nothing
    }
  }
  return true;
}
