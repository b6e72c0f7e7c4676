/**
 * The language toolkit's clock times and days of the week (src/language/times.ts, days.ts), in
 * English and in Spanish (read through spanishToCues). Days are numbered from Monday = 0.
 */
import { describe, expect, it } from 'vitest';
import { findDays } from '../src/language/days.js';
import { spanishToCues } from '../src/language/spanish.js';
import { analyze } from '../src/language/text.js';
import { dropSeconds, findTimes, formatHHMM, likelyReading, readingsOf } from '../src/language/times.js';

/** Each time found, as its kind and every 24-hour reading it allows. */
const times = (said: string): string[] =>
  findTimes(analyze(said)).map((time) => `${time.kind} ${readingsOf(time).map(formatHHMM).join('|')}`);

/** Each day mention, as its days ("-" first when they are excluded). */
const days = (said: string): string[] => findDays(analyze(said)).map((d) => `${d.excluded ? '-' : ''}${d.days.join('')}`);

describe('times in English', () => {
  it.each([
    ['2pm', 'pm 14:00'],
    ['7.30pm', 'pm 19:30'],
    ['10 in the evening', 'pm 22:00'],
    ['6 in the morning', 'am 06:00'],
    ['12am', 'am 00:00'],
    ['midday', 'clock 12:00'],
    ['noon', 'clock 12:00'],
    ['20h15', 'clock 20:15'],
    ['0730', 'clock 07:30'],
    ['19:30', 'clock 19:30'],
    ['08:00', 'clock 08:00'],
  ])('when %j is read, then it is one time: %s', (said, reading) => {
    expect(times(said)).toEqual([reading]);
  });

  it.each([
    ['9', 'open 09:00|21:00'],
    ['8:00', 'open 08:00|20:00'],
    ['quarter past six', 'open 06:15|18:15'],
    ['quarter to eight', 'open 07:45|19:45'],
    ['half past seven', 'open 07:30|19:30'],
    ['half seven', 'open 07:30|19:30'],
    ['seven thirty', 'open 07:30|19:30'],
    ['at seven', 'open 07:00|19:00'],
  ])('when %j says no half of the day, then both readings stay open: %s', (said, reading) => {
    expect(times(said)).toEqual([reading]);
  });

  it('when an open hour is read the way people usually mean it, then 7-11 is morning and 1-6 afternoon', () => {
    const likely = (said: string): string => {
      const [time] = findTimes(analyze(said));
      return time === undefined ? '' : formatHHMM(likelyReading(time));
    };
    expect(likely('8')).toBe('08:00');
    expect(likely('11:30')).toBe('11:30');
    expect(likely('12')).toBe('12:00');
    expect(likely('3')).toBe('15:00');
    expect(likely('6:45')).toBe('18:45');
  });

  it('when a range is given, then the time is its start, in the half of the day its end names', () => {
    expect(times('6-7pm')).toEqual(['pm 18:00']);
    expect(times('11-1pm')).toEqual(['am 11:00']);
  });

  it('when a number counts something, then it is no time', () => {
    expect(times('3 times a week')).toEqual([]);
    expect(times('2 meals and 30 minutes')).toEqual([]);
    expect(times('half an hour')).toEqual([]);
    expect(times('every half hour')).toEqual([]);
  });

  it('when seconds are given, then dropping them leaves the stored HH:MM', () => {
    expect(times(dropSeconds('08:00:00'))).toEqual(['clock 08:00']);
    expect(times(dropSeconds('7:30:15 pm'))).toEqual(['pm 19:30']);
  });
});

describe('times in Spanish', () => {
  it.each([
    ['a las 9 y media', 'open 09:30|21:30'],
    ['a las 8 y cuarto', 'open 08:15|20:15'],
    ['a las 8 menos cuarto', 'open 07:45|19:45'],
    ['a la una', 'open 01:00|13:00'],
    ['a las 10 de la noche', 'pm 22:00'],
    ['a las 7 de la mañana', 'am 07:00'],
    ['a las 4 de la tarde', 'pm 16:00'],
    ['a mediodía', 'clock 12:00'],
    ['a las 20:15', 'clock 20:15'],
    ['sobre las nueve', 'open 09:00|21:00'],
  ])('when %j is read, then it is %s', (said, reading) => {
    expect(times(spanishToCues(said))).toEqual([reading]);
  });
});

describe('days in English', () => {
  it.each([
    ['monday', ['0']],
    ['Tues', ['1']],
    ['saturdays', ['5']],
    ['mon-fri', ['01234']],
    ['Monday to Friday', ['01234']],
    ['fri-mon', ['4560']],
    ['weekends', ['56']],
    ['weekdays', ['01234']],
    ['daily', ['0123456']],
    ['mondays and thursdays', ['0', '3']],
    ['tue/thu', ['1', '3']],
  ])('when %j is read, then the days are %j', (said, expected) => {
    expect(days(said)).toEqual(expected);
  });

  it('when days are taken away, then the exception is marked, and carries along a list', () => {
    expect(days('every day except sunday')).toEqual(['0123456', '-6']);
    expect(days('every day but not saturday and sunday')).toEqual(['0123456', '-5', '-6']);
  });
});

describe('days in Spanish', () => {
  it.each([
    ['los sábados', ['5']],
    ['el domingo', ['6']],
    ['martes y jueves', ['1', '3']],
    ['de lunes a viernes', ['01234']],
    ['lunes a miércoles', ['012']],
    ['del martes al jueves', ['123']],
    ['fines de semana', ['56']],
    ['todos los días', ['0123456']],
    ['todos los días menos el domingo', ['0123456', '-6']],
    ['cada día excepto los sábados', ['0123456', '-5']],
  ])('when %j is read, then the days are %j', (said, expected) => {
    expect(days(spanishToCues(said))).toEqual(expected);
  });
});
