export * from './top-up.rules';
