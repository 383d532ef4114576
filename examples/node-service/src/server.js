// Starts the example service: configuration from the environment (see config.js and README.md).
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { createVerifier } from './verifier.js';

const config = configFromEnv();
const verifier = createVerifier(config);
const server = createApp(config, verifier);
server.listen(config.port, () => {
  console.info(`node-service listening on port ${server.address().port}: issuer ${config.issuer}, `
    + `audience ${config.audience}, scope ${config.requiredScope}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
