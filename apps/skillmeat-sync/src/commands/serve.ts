import { Flags, LineageCommand } from '@lineage/cli-kit';

export default class Serve extends LineageCommand {
  static override summary = 'Serve the HTTP API of the collection (sync, drift, conflicts, history, batch sync).';
  static override description =
    `Listens on 127.0.0.1:7878 by default: only this machine can connect, and requests naming another host are refused. Every POST needs \`Authorization: Bearer <token>\` — the collection's api_token (made by \`init\`; \`config get api_token\` prints it) or SKILLMEAT_TOKEN — and takes an Idempotency-Key header: a retry with the same key gets the first response and applies nothing twice. Listening on another address (--host 0.0.0.0) puts every endpoint behind the token.

The OpenAPI document is at /openapi.json. Stop with Ctrl-C (SIGINT) or SIGTERM: requests in flight finish first.`;
  static override examples = [
    '<%= config.bin %> serve',
    '<%= config.bin %> serve --port 9000',
    'curl -s http://127.0.0.1:7878/v1/drift',
    'curl -s -X POST http://127.0.0.1:7878/v1/sync -H "Authorization: Bearer $(<%= config.bin %> config get api_token)" -H "Content-Type: application/json" -H "Idempotency-Key: $(uuidgen)" -d \'{"artifact":"review","direction":"upstream","apply":true}\'',
  ];
  static override enableJsonFlag = false;
  static override flags = {
    host: Flags.string({ default: '127.0.0.1', description: 'Address to listen on.' }),
    port: Flags.integer({ default: 7878, min: 0, max: 65535, description: 'Port to listen on (0: any free port).' }),
  };

  async run() {
    const { flags } = await this.parseInput(Serve);
    // Loaded only here: the server and its framework cost the other commands nothing.
    const { startSyncApi } = await import('@lineage/sync-api');
    const server = await startSyncApi({ host: flags.host, port: flags.port, version: this.config.version });
    this.out(`listening on ${server.url} (OpenAPI: ${server.url}/openapi.json)`);
    if (server.exposed) this.note('warning: listening beyond this machine: every endpoint requires the token');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    this.note('stopped');
  }
}
