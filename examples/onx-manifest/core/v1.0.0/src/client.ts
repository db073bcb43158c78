/** How a client reaches the server, caches and retries. */
export interface ClientOptions {
  /** The server's base URL. */
  baseUrl: string;
  /** How long unused responses stay cached, in milliseconds. */
  gcTime?: number;
  /** How many times a failed request is retried. */
  retries?: number;
}

/** A client of the Acme API, configured once. */
export class Client {
  readonly options: ClientOptions;

  private constructor(options: ClientOptions) {
    this.options = { gcTime: 60_000, retries: 2, ...options };
  }

  /** Creates a client for a server. */
  static create(options: ClientOptions): Client {
    return new Client(options);
  }

  /** Fetches every item of a collection (a stand-in: no network here). */
  async list(collection: string): Promise<string[]> {
    const url = `${this.options.baseUrl}/${collection}`;
    return [`${url}/1`, `${url}/2`];
  }
}
