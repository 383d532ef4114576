/** The deployment settings the app reads from its own origin at start-up (`/config.json`). */
export interface RuntimeConfig {
  issuer: string;
  clientId: string;
  apiUrl: string;
  scope: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function requiredUrl(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`The app's settings have no "${key}".`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`The app's setting "${key}" is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`The app's setting "${key}" must be an http(s) URL: ${value}`);
  }
  // the issuer must match the discovery document's "issuer" exactly, so only a trailing slash goes
  return value.replace(/\/+$/, '');
}

function requiredText(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`The app's settings have no "${key}".`);
  }
  return value.trim();
}

/** Checks the parsed `/config.json`; every field is required, so a broken deployment says so in words. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError("The app's settings are not a JSON object.");
  }
  const record = raw as Record<string, unknown>;
  const scope = requiredText(record, 'scope');
  if (!scope.split(/\s+/).includes('openid')) {
    throw new ConfigError('The app\'s setting "scope" must include openid.');
  }
  return {
    issuer: requiredUrl(record, 'issuer'),
    clientId: requiredText(record, 'clientId'),
    apiUrl: requiredUrl(record, 'apiUrl'),
    scope,
  };
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetch('/config.json', { cache: 'no-store' });
  } catch {
    throw new ConfigError("The app's settings could not be loaded. Reload the page to try again.");
  }
  if (!response.ok) {
    throw new ConfigError(`The app's settings could not be loaded (HTTP ${response.status}).`);
  }
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError("The app's settings are not valid JSON.");
  }
  return parseRuntimeConfig(raw);
}
