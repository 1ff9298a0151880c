/** The tag colour of a case status: live loans green, trouble red, the application blue. */
export function statusColour(status: string): string {
  if (status === 'ACTIVE' || status === 'REPAID' || status === 'RELEASED') return 'green';
  if (status === 'OVERDUE' || status === 'DEFAULTED') return 'red';
  if (status === 'COMPENSATION' || status === 'DISPOSAL' || status === 'SETTLED') return 'orange';
  if (status === 'CLOSED' || status === 'REJECTED' || status === 'WITHDRAWN') return 'default';
  return 'blue';
}
