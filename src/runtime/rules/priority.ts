// Falco priorities (falco `userspace/engine/falco_common.cpp`): parsed case-insensitively, "info" is an
// alias of "informational", and alerts print the long names.

export const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type Priority = (typeof PRIORITIES)[number];

export function parsePriority(s: string): Priority | undefined {
  const l = s.trim().toLowerCase();
  if (l === 'info') return 'Informational';
  return PRIORITIES.find((p) => p.toLowerCase() === l);
}

/** Lower is more severe (Emergency = 0), as Falco orders them. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}
