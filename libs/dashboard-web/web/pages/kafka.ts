import { apiKeyInput, el, getJson, section, table, time } from '../api';

interface Topic {
  topic: string;
  partitions: { partition: number; low: string; high: string }[];
  messages: number;
  retention_ms: number | null;
  messages_per_s: number | null;
}
interface Group {
  group_id: string;
  state: string;
  members: { client_id: string; host: string; assignments: { topic: string; partitions: number[] }[] }[];
  partitions: { topic: string; partition: number; committed: string | null; high: string; lag: number }[];
  lag: number;
}
interface Message {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  timestamp: number;
}

const retention = (ms: number | null) =>
  ms === null ? null : ms < 0 ? 'forever' : ms >= 86_400_000 ? `${ms / 86_400_000} d` : `${ms / 3_600_000} h`;

/** The JSON of a message's value, indented; the text itself when it is not JSON. */
const pretty = (value: string | null) => {
  if (value === null) return '';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
};

/** `/dashboard/kafka`: what a Kafka UI shows — topics, consumer groups and their lag, recent messages, the DLQ. */
export function renderKafka(root: HTMLElement): void {
  const topics = el('div');
  topics.id = 'topics';
  const groups = el('div');
  groups.id = 'groups';
  root.append(section('Topics', topics), section('Consumer groups', groups));

  const form = el('form');
  const topicSelect = el('select');
  topicSelect.name = 'topic';
  const key = apiKeyInput();
  const limit = el('input');
  limit.type = 'number';
  limit.value = '10';
  limit.min = '1';
  limit.max = '500';
  form.append(el('label', 'topic'), topicSelect, el('label', 'latest'), limit, key, el('button', 'read'));
  const messages = el('div');
  messages.id = 'messages';
  root.append(section('Messages (admin)', form, messages));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('api-key', key.value);
    void loadMessages(messages, topicSelect.value, Number(limit.value), key.value);
  });

  const refresh = async () => {
    try {
      const [topicList, groupList] = await Promise.all([
        getJson<Topic[]>('/v1/kafka/topics'),
        getJson<Group[]>('/v1/kafka/consumer-groups'),
      ]);
      renderTopics(topics, topicList);
      renderGroups(groups, groupList);
      if (topicSelect.options.length !== topicList.length) {
        const chosen = topicSelect.value || 'crypto-prices.dlq';
        topicSelect.replaceChildren(...topicList.map((t) => el('option', t.topic)));
        topicSelect.value = topicList.some((t) => t.topic === chosen) ? chosen : (topicList[0]?.topic ?? '');
      }
    } catch (error) {
      topics.replaceChildren(el('p', (error as Error).message, 'error'));
    }
  };
  void refresh();
  setInterval(() => void refresh(), 5_000);
}

function renderTopics(box: HTMLElement, topics: Topic[]) {
  box.replaceChildren(
    table(
      ['topic', 'partitions', 'messages kept', 'end offsets', 'retention', 'messages/s'],
      topics.map((t) => [
        t.topic,
        t.partitions.length,
        t.messages,
        t.partitions.map((p) => `${p.partition}:${p.high}`).join(' '),
        retention(t.retention_ms),
        t.messages_per_s,
      ]),
    ),
  );
}

function renderGroups(box: HTMLElement, groups: Group[]) {
  box.replaceChildren(
    table(
      ['group', 'state', 'members', 'lag', 'lag per partition'],
      groups.map((g) => [
        g.group_id,
        g.state,
        g.members
          .map(
            (m) =>
              `${m.client_id} ${m.host} → ${m.assignments.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ')}`,
          )
          .join('; '),
        g.lag,
        g.partitions.map((p) => `${p.topic}/${p.partition}: ${p.lag}`).join(' '),
      ]),
    ),
  );
}

async function loadMessages(box: HTMLElement, topic: string, limit: number, apiKey: string) {
  try {
    const rows = await getJson<Message[]>(
      `/v1/kafka/topics/${encodeURIComponent(topic)}/messages?limit=${limit}`,
      { headers: { 'x-api-key': apiKey } },
    );
    box.replaceChildren(
      rows.length === 0
        ? el('p', `no message in ${topic}`)
        : table(
            ['partition', 'offset', 'key', 'time', 'value'],
            rows
              .reverse()
              .map((m) => [m.partition, m.offset, m.key, time(m.timestamp), el('pre', pretty(m.value))]),
          ),
    );
  } catch (error) {
    box.replaceChildren(el('p', (error as Error).message, 'error'));
  }
}
