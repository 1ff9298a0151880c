import type { X } from './x';

export const y = 'y';
export const named = (value: X): string => value.name;
