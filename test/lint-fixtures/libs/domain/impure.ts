// Violates domain-imports-only-itself: a Node built-in in domain code.
import { createHash } from 'node:crypto';

export const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
