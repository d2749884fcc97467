// Standalone CodeThreat emulator with demo data, for manual testing, the demo and browser tests.
//   node out/emulator/main.js [--port N] [--host H] [--api-version V]
// The port defaults to $CODETHREAT_EMULATOR_PORT, else 0 (a free port).
import { DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERNAME, OTHER_ORGANIZATION, OTHER_PASSWORD, OTHER_USERNAME, startEmulator } from './emulator';

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
  console.log(`  test controls: ${emulator.url}/__emulator/…   Ctrl-C stops.`);

  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
