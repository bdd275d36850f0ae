/** The gateway's REST answers; a failure throws with the gateway's own message (its SPEC §8 error body). */
export async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, init);
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const message = (body as { message?: string } | null)?.message ?? res.statusText;
    throw new Error(`${res.status}: ${message}`);
  }
  return body as T;
}

export const postJson = <T>(path: string, body: object): Promise<T> =>
  getJson<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** `<tag>` with text, for building tables without innerHTML (values are never parsed as markup). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number | null,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** A table of `rows` under `headers`, each cell a text or a node. */
export function table(headers: string[], rows: (string | number | null | Node)[][]): HTMLTableElement {
  const t = el('table');
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(el('th', h));
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell === null ? '—' : String(cell);
    }
  }
  return t;
}

export function section(title: string, ...children: Node[]): HTMLElement {
  const s = el('section');
  s.append(el('h2', title), ...children);
  return s;
}

export const time = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** A link (opens consoles of other services in a new tab). */
export function link(text: string, href: string): HTMLAnchorElement {
  const a = el('a', text);
  a.href = href;
  if (/^https?:/.test(href)) a.target = '_blank';
  return a;
}

/**
 * The admin key field of a page's forms: kept for the browser session (never in localStorage), so the
 * operator types it once per tab.
 */
export function apiKeyInput(): HTMLInputElement {
  const key = el('input');
  key.type = 'password';
  key.placeholder = 'X-API-Key';
  key.value = sessionStorage.getItem('api-key') ?? '';
  key.addEventListener('change', () => sessionStorage.setItem('api-key', key.value));
  return key;
}

/** A number with `digits` significant digits, or — */
export const num = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : Number(value.toPrecision(digits)).toString();
