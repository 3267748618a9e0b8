/* global module */
// Hardhat 2 settings for the in-process node of the onchain tests (hardhat compiles nothing: the token's
// precompiled runtime, contracts/TestNmr.runtime.hex, is installed with hardhat_setCode). Tests point
// HARDHAT_CONFIG here before requiring hardhat.
module.exports = {
  networks: {
    hardhat: {
      initialDate: '2024-03-01T00:00:00Z',
    },
  },
};
