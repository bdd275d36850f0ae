import { parseReportDay, previousReportDay, reportDayOf } from './report-day';

describe('report day', () => {
  describe(parseReportDay.name, () => {
    it('should cover the UTC day from midnight to the next midnight', () => {
      expect(parseReportDay('2025-10-05')).toEqual({
        date: '2025-10-05',
        from: Date.UTC(2025, 9, 5),
        to: Date.UTC(2025, 9, 6),
      });
    });

    it.each(['2025-02-30', '2025-13-01', '05-10-2025', '2025-10-05T00:00:00Z', '', 'today'])(
      'should refuse "%s" naming it',
      (value) => {
        expect(() => parseReportDay(value)).toThrow(
          expect.objectContaining({
            code: 'INVALID_DATE',
            message: `date "${value}" is not a calendar date YYYY-MM-DD`,
          }),
        );
      },
    );
  });

  describe(reportDayOf.name, () => {
    it('should be the day holding the time, at its last millisecond too', () => {
      expect(reportDayOf(Date.UTC(2025, 9, 5, 23, 59, 59, 999)).date).toBe('2025-10-05');
    });
  });

  describe(previousReportDay.name, () => {
    it('should be the day before when the daily job runs just after midnight', () => {
      expect(previousReportDay(Date.UTC(2025, 9, 6, 0, 15)).date).toBe('2025-10-05');
    });

    it('should cross a month and a year', () => {
      expect(previousReportDay(Date.UTC(2026, 0, 1, 0, 15)).date).toBe('2025-12-31');
    });
  });
});
