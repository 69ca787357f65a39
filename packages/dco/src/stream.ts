import neo4j, { type Driver } from 'neo4j-driver';

interface StreamOptions {
  onRow: () => void;
  signal?: AbortSignal;
}

/** Runs one auto-commit statement, calling onRow per record as they stream in. */
export async function streamRows(
  driver: Driver,
  database: string | undefined,
  statement: string,
  params: Record<string, unknown>,
  options: StreamOptions,
): Promise<void> {
  options.signal?.throwIfAborted();
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await new Promise<void>((resolve, reject) => {
      const result = session.run(statement, params);
      const abort = (): void => {
        // Closing the session ends the statement on the server: the batch in flight rolls back, committed ones stay.
        void session.close().finally(() => reject(options.signal?.reason as Error));
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      result.subscribe({
        onNext: () => options.onRow(),
        onCompleted: () => {
          options.signal?.removeEventListener('abort', abort);
          resolve();
        },
        onError: (error) => {
          options.signal?.removeEventListener('abort', abort);
          reject(error);
        },
      });
    });
  } finally {
    await session.close();
  }
}
