export { onchainFeed, createOnchainFeed, type OnchainFeedDeps } from './command.js';
export { syncOnchain, NMR_DECIMALS, type OnchainSyncInput, type OnchainSyncResult } from './sync.js';
export {
  loadWalletLabels,
  parseWalletLabels,
  defaultLabelsFile,
  type WalletLabel,
  type WalletLabels,
} from './labels.js';
export {
  createOnchainRpc,
  TRANSFER_EVENT,
  type OnchainRpc,
  type OnchainRpcOptions,
  type BlockStamp,
  type TransferLog,
} from './rpc-client.js';
export { redactRpcUrl, resolveRpcUrl } from './rpc-url.js';
export { RpcUnavailableError } from './errors.js';
export { ONCHAIN_SOURCE, ONCHAIN_KEYS } from './hour-rows.js';
export { Z_CAP } from './netflow-z.js';
