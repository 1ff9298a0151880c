// First: tracing patches http and pg as they load.
import '../../../libs/observability/src/start-api-tracing';
import { createApiApp, listen } from './bootstrap';

/** The API process: HTTP on API_HOST:API_PORT, OpenAPI at /docs. */
async function main(): Promise<void> {
  const app = await createApiApp();
  await listen(app);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
