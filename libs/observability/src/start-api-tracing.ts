// Imported first by the API's main.ts: tracing must start before http and pg are required.
import { startTracing } from './tracing';

startTracing('ip-pledge-api');
