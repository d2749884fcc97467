// Standalone CodeThreat emulator with demo data, for manual testing, the demo and browser tests.
//   node out/emulator/main.js [--port N] [--host H] [--api-version V]
// The port defaults to $CODETHREAT_EMULATOR_PORT, else 0 (a free port).
// scripts/start-demo.mjs reads this banner: the URL from the first line, the legacy sign-in from
// the next two, and the AppSec platform's keys and organizations from the "admin key:",
// "read-only key:", "scan-only key:" and "organizations: … (personal)" lines.
import {
  DEMO_ADMIN_API_KEY,
  DEMO_NO_KEY_READ_API_KEY,
  DEMO_ORGANIZATIONS,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PASSWORD,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_READ_ONLY_API_KEY,
  DEMO_USERNAME,
  OTHER_ORGANIZATION,
  OTHER_PASSWORD,
  OTHER_USERNAME,
  startEmulator,
} from './emulator';

function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

function portFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${text}`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: portFrom(argument('--port') ?? process.env.CODETHREAT_EMULATOR_PORT),
    host: argument('--host') ?? '127.0.0.1',
    apiVersion: argument('--api-version'),
  });
  console.log(`CodeThreat emulator listening on ${emulator.url}`);
  console.log(`  user:          ${DEMO_USERNAME} / ${DEMO_PASSWORD}`);
  console.log(`  organizations: ${DEMO_ORGANIZATIONS.join(', ')}`);
  console.log(`  second user:   ${OTHER_USERNAME} / ${OTHER_PASSWORD} (${OTHER_ORGANIZATION})`);
  console.log(`AppSec platform (API v1): ${emulator.url}/api/v1, key in the X-API-Key header, user ${DEMO_USERNAME}`);
  console.log(`  admin key:     ${DEMO_ADMIN_API_KEY} (every scope)`);
  console.log(`  read-only key: ${DEMO_READ_ONLY_API_KEY} (api-key:read, scan:read)`);
  console.log(`  scan-only key: ${DEMO_NO_KEY_READ_API_KEY} (scan:read, scan:write, repository:read; no api-key:read)`);
  console.log(`  organizations: ${DEMO_ORGANIZATION_SLUG} (team, holds these keys), ${DEMO_PERSONAL_ORGANIZATION_SLUG} (personal)`);
  console.log(`  test controls: ${emulator.url}/__emulator/…   Ctrl-C stops.`);

  const stop = () => {
    void emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
