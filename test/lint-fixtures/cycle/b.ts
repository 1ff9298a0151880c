import { a } from './a';

export const b = 'b';
export const viaA = (): string => a();
