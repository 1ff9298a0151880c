// Violates console-imports-only-itself-and-packages: browser code importing server-side code.
import { digest } from '../../libs/domain/impure';

export const fingerprint = (text: string): string => digest(text);
