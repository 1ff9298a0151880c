import type { components } from './schema';

/** The API's documented shapes, by their OpenAPI schema name. */
export type Schemas = components['schemas'];
