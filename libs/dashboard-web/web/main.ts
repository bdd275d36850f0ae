import { renderKafka } from './pages/kafka';
import { renderMarket } from './pages/market';
import { renderModels } from './pages/models';
import { renderServices } from './pages/services';
import { renderTraining } from './pages/training';

// One page per URL under /dashboard; a page renders into <main> and keeps itself up to date.
const PAGES: Record<string, (root: HTMLElement) => void> = {
  '': renderMarket,
  models: renderModels,
  training: renderTraining,
  kafka: renderKafka,
  services: renderServices,
};

const page = location.pathname.replace(/^\/dashboard\/?/, '').replace(/\/$/, '');
const root = document.getElementById('page')!;
for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
  if (link.dataset['page'] === page) link.classList.add('active');
}
const render = PAGES[page];
if (render) render(root);
else root.textContent = `No dashboard page "${page}".`;
