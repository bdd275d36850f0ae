import { renderKafka } from './pages/kafka';
import { renderMarket } from './pages/market';

// One page per URL under /dashboard; a page renders into <main> and keeps itself up to date.
const PAGES: Record<string, (root: HTMLElement) => void> = {
  '': renderMarket,
  kafka: renderKafka,
};

const page = location.pathname.replace(/^\/dashboard\/?/, '').replace(/\/$/, '');
const root = document.getElementById('page')!;
for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
  if (link.dataset['page'] === page) link.classList.add('active');
}
const render = PAGES[page];
if (render) render(root);
else root.textContent = `No dashboard page "${page}".`;
