import { createApiApp, listen } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  const url = await listen(app);
  app.get(AppConfig).LOG_LEVEL !== 'silent' && console.log(`API listening on ${url}`);
}

import { AppConfig } from '../../../libs/common/src/config';

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
