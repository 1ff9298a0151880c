import 'reflect-metadata';
import { validateConfig } from './config';
import { loggerParams, logTransport } from './logging';

const SECRET = 'a-test-secret-that-is-long-enough-for-the-rule';

/** Which writer pino gets, for each NODE_ENV and LOG_FORMAT a deployment can set. */
describe('log format', () => {
  it.each([
    // npm start sets NODE_ENV=development: readable lines for the person at the terminal.
    ['development', undefined, 'pretty'],
    ['development', 'json', 'json'],
    // Production and tests go to collectors: JSON unless someone asks for pretty.
    ['production', undefined, 'json'],
    ['production', 'pretty', 'pretty'],
    ['test', undefined, 'json'],
  ] as const)('NODE_ENV=%s LOG_FORMAT=%s writes %s', (nodeEnv, format, expected) => {
    const config = validateConfig({
      NODE_ENV: nodeEnv,
      JWT_SECRET: SECRET,
      ...(format ? { LOG_FORMAT: format } : {}),
    });
    expect(logTransport(config)?.target ?? 'json').toBe(
      expected === 'pretty' ? 'pino-pretty' : 'json',
    );
    const params = loggerParams(config, 'api').pinoHttp as { transport?: { target: string } };
    expect(params.transport?.target).toBe(expected === 'pretty' ? 'pino-pretty' : undefined);
  });

  it('refuses a format it does not know', () => {
    expect(() =>
      validateConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, LOG_FORMAT: 'xml' }),
    ).toThrow(/LOG_FORMAT/);
  });
});
