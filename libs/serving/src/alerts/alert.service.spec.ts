import type { AlertMessage, AlertType as MessagingAlertType } from '@crypto/messaging';
import type { AlertType, MarketAlert } from '@crypto/signals';
import { alertRecord, type AlertRecord } from '@crypto/storage';
import { InMemoryRecordTable } from '../testing/record-table.fake';
import { AlertService } from './alert.service';

const T0 = Date.UTC(2025, 9, 6);
const HOUR = 3_600_000;

const alertAt = (i: number, overrides: Partial<AlertRecord> = {}): AlertRecord =>
  alertRecord({ ts: T0 + i * HOUR, ...overrides });

// libs/messaging cannot import the rules of libs/signals: this lib, which has both, checks they agree
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// model_degraded is the forecast monitor's, not a market rule's
const typesAgree: Same<AlertType, Exclude<MessagingAlertType, 'model_degraded'>> = true;
const publishable: AlertMessage = {} as MarketAlert;
const complete: MarketAlert = {} as AlertMessage & { type: AlertType };
const storable: AlertRecord = {} as MarketAlert;

describe(AlertService.name, () => {
  let table: InMemoryRecordTable<AlertRecord>;
  let sut: AlertService;

  beforeEach(() => {
    table = new InMemoryRecordTable<AlertRecord>();
    sut = new AlertService(table);
  });

  describe('tail', () => {
    it('should give the latest n stored alerts, oldest first', async () => {
      table.rows.push(alertAt(0), alertAt(1), alertAt(2));

      expect(await sut.tail(2)).toEqual([alertAt(1), alertAt(2)]);
    });

    it('should give only the alerts of the symbol asked', async () => {
      table.rows.push(alertAt(0), alertAt(1, { symbol: 'ETH/USDT' }), alertAt(2));

      expect(await sut.tail(5, { symbol: 'ETH/USDT' })).toEqual([alertAt(1, { symbol: 'ETH/USDT' })]);
    });
  });

  it('should take the alerts of the rules as the messages published and the records stored', () => {
    expect([typesAgree, publishable, complete, storable]).toHaveLength(4);
  });
});
