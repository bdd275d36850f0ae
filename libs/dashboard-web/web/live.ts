import { createClient, type Client } from 'graphql-ws';

/** The gateway's GraphQL subscriptions (graphql-ws on /graphql): one socket for every page. */
let client: Client | undefined;

function liveClient(): Client {
  if (!client) {
    const badge = document.getElementById('live');
    if (badge) badge.textContent = 'connecting…';
    client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      retryAttempts: Infinity,
      on: {
        connected: () => badge && ((badge.textContent = 'live'), (badge.className = 'badge up')),
        closed: () => badge && ((badge.textContent = 'reconnecting…'), (badge.className = 'badge down')),
      },
    });
  }
  return client;
}

/** Calls `onData` with each event of `query` (a subscription); returns the unsubscribe. */
export function subscribe<T>(query: string, field: string, onData: (value: T) => void): () => void {
  return liveClient().subscribe<Record<string, T>>(
    { query },
    {
      next: ({ data }) => {
        if (data?.[field]) onData(data[field]!);
      },
      error: (error) => console.warn('subscription ended', error),
      complete: () => undefined,
    },
  );
}
