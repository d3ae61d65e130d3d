import dayjs from 'dayjs';

/**
 * A receipt or approval time, to the second: whether a certificate may be self-printed is
 * decided by comparing two such times, so the user must be able to see the difference.
 */
export function dateTime(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
}
