/**
 * `npm start -w examples/daemon`: one client-credentials call to the API's app-only route.
 * Needs NODE_EXTRA_CA_CERTS pointing at localtenant's development CA (`.localtenant/tls/ca.pem`).
 */
import { callAppData, configFromEnv } from './daemon.ts';

const config = configFromEnv();
try {
  const result = await callAppData(config);
  console.log(
    `GET ${config.apiUrl}/app-data -> ${result.status} (token roles: ${result.roles.join(', ') || 'none'})`,
  );
  console.log(JSON.stringify(result.body, null, 2));
  process.exitCode = result.status === 200 ? 0 : 1;
} catch (error) {
  console.error('The daemon could not call the API:', error instanceof Error ? error.message : error);
  if (String(error).includes('certificate')) {
    console.error(
      'Trust the development CA: NODE_EXTRA_CA_CERTS=.localtenant/tls/ca.pem npm start -w examples/daemon',
    );
  }
  process.exitCode = 1;
}
