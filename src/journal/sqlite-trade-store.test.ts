import { MarketStore } from '../data/index.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';
import { tradeStoreContract } from './trade-store-contract.js';

tradeStoreContract('SQLite', () => {
  const market = MarketStore.open(':memory:');
  return Promise.resolve({
    store: new SqliteTradeStore(market.db),
    cleanup: () => {
      market.close();
      return Promise.resolve();
    },
  });
});
