import { addDays, compareDates, type BusinessDate } from '../business-date';
import type { WorkingCalendarEntry } from './working-calendar';

/**
 * A State Council General Office notice on the year's holidays (国务院办公厅关于…年部分节假日
 * 安排的通知) as it reads: named holidays as date ranges, and the weekend days worked instead.
 */
export interface HolidayNotice {
  year: number;
  title: string;
  /** 文号, e.g. 国办发明电〔2023〕7号; null when not confirmed from the published text. */
  reference: string | null;
  publishedOn: BusinessDate;
  /** Where the text was read. */
  sourceUrl: string;
  holidays: {
    name: string;
    from: BusinessDate;
    to: BusinessDate;
    makeUpWorkdays: BusinessDate[];
  }[];
}

/**
 * The notice's entries: every date of each holiday range, and each make-up working day under
 * the name of the holiday it pays for. Only the dates the notice names: a weekend next to a
 * one-day holiday ("与周末连休") is off anyway and is not listed.
 */
export function entriesOfNotice(notice: HolidayNotice): WorkingCalendarEntry[] {
  const entries: WorkingCalendarEntry[] = [];
  for (const holiday of notice.holidays) {
    for (let d = holiday.from; compareDates(d, holiday.to) <= 0; d = addDays(d, 1)) {
      entries.push({ date: d, kind: 'HOLIDAY', name: holiday.name });
    }
    for (const date of holiday.makeUpWorkdays) {
      entries.push({ date, kind: 'MAKE_UP_WORKDAY', name: holiday.name });
    }
  }
  return entries.sort((a, b) => compareDates(a.date, b.date));
}

/**
 * The notices for 2024–2026, transcribed from their published text (reprinted by Xinhua, the
 * People's Daily and Guangming Daily). The notice for 2027 could not be found when this was
 * written; an administrator loads it through the admin API when it is published, and until
 * then a 2027 date is refused rather than guessed.
 */
export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2024,
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    reference: '国办发明电〔2023〕7号',
    publishedOn: '2023-10-25',
    sourceUrl: 'http://paper.people.com.cn/rmrb/html/2023-10/26/nw.D110000renmrb_20231026_3-06.htm',
    holidays: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01', makeUpWorkdays: [] },
      {
        name: '春节',
        from: '2024-02-10',
        to: '2024-02-17',
        makeUpWorkdays: ['2024-02-04', '2024-02-18'],
      },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06', makeUpWorkdays: ['2024-04-07'] },
      {
        name: '劳动节',
        from: '2024-05-01',
        to: '2024-05-05',
        makeUpWorkdays: ['2024-04-28', '2024-05-11'],
      },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10', makeUpWorkdays: [] },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17', makeUpWorkdays: ['2024-09-14'] },
      {
        name: '国庆节',
        from: '2024-10-01',
        to: '2024-10-07',
        makeUpWorkdays: ['2024-09-29', '2024-10-12'],
      },
    ],
  },
  {
    year: 2025,
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    reference: '国办发明电〔2024〕12号',
    publishedOn: '2024-11-12',
    sourceUrl: 'https://m.gmw.cn/2024-11/12/content_1303894933.htm',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', makeUpWorkdays: [] },
      {
        name: '春节',
        from: '2025-01-28',
        to: '2025-02-04',
        makeUpWorkdays: ['2025-01-26', '2025-02-08'],
      },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', makeUpWorkdays: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', makeUpWorkdays: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', makeUpWorkdays: [] },
      {
        name: '国庆节、中秋节',
        from: '2025-10-01',
        to: '2025-10-08',
        makeUpWorkdays: ['2025-09-28', '2025-10-11'],
      },
    ],
  },
  {
    year: 2026,
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    // The reprints read did not carry the 文号; left empty rather than guessed.
    reference: null,
    publishedOn: '2025-11-04',
    sourceUrl: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpWorkdays: ['2026-01-04'] },
      {
        name: '春节',
        from: '2026-02-15',
        to: '2026-02-23',
        makeUpWorkdays: ['2026-02-14', '2026-02-28'],
      },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', makeUpWorkdays: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', makeUpWorkdays: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', makeUpWorkdays: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeUpWorkdays: [] },
      {
        name: '国庆节',
        from: '2026-10-01',
        to: '2026-10-07',
        makeUpWorkdays: ['2026-09-20', '2026-10-10'],
      },
    ],
  },
];
