export type { DoctorCheck } from './doctor.types.js';
export { storeChecks } from './store-checks.js';
export { exchangeChecks, type ExchangeCheckOptions } from './exchange-checks.js';
export { credentialsCheck, alertsCheck } from './config-checks.js';
