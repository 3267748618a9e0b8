export { calendarFeed, CALENDAR_SOURCE } from './command.js';
export { loadUserCalendar } from './user-calendar.js';
export { parseIcs } from './ics.js';
