#!/usr/bin/env bash
# Compiles test/onchain/contracts/TestNmr.sol with the npm solc compiler (solc-js, pinned, fetched by
# npx into its cache: not a project dependency) and writes the runtime bytecode that the on-chain
# tests install with hardhat_setCode to test/onchain/contracts/TestNmr.runtime.hex.
# Run from anywhere: scripts/compile-test-nmr.sh   (needs node, npx and the npm registry)
set -euo pipefail

SOLC_VERSION=0.8.26
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$(cd "$here/../test/onchain/contracts" && pwd)"
src="$dir/TestNmr.sol"
out="$dir/TestNmr.runtime.hex"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Standard JSON input: optimizer on (200 runs), EVM cancun, no metadata hash, runtime bytecode only.
node -e '
const fs = require("node:fs");
const input = {
  language: "Solidity",
  sources: { "TestNmr.sol": { content: fs.readFileSync(process.argv[1], "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none" },
    outputSelection: { "TestNmr.sol": { TestNmr: ["evm.deployedBytecode.object"] } },
  },
};
fs.writeFileSync(process.argv[2], JSON.stringify(input));
' "$src" "$tmp/input.json"

(cd "$tmp" && npx -y "solc@$SOLC_VERSION" --standard-json <input.json >output.json)

node -e '
const fs = require("node:fs");
const text = fs.readFileSync(process.argv[1], "utf8");
const out = JSON.parse(text.slice(text.indexOf("{"))); // solc-js may print a notice line first
const errors = (out.errors ?? []).filter((e) => e.severity === "error");
for (const e of out.errors ?? []) console.error(e.formattedMessage ?? e.message);
if (errors.length > 0) process.exit(1);
const code = out.contracts["TestNmr.sol"].TestNmr.evm.deployedBytecode.object;
if (!/^[0-9a-f]+$/.test(code)) throw new Error("no runtime bytecode in the compiler output");
fs.writeFileSync(process.argv[2], "0x" + code + "\n");
console.log(`${process.argv[2]}: ${code.length / 2} bytes of runtime code`);
' "$tmp/output.json" "$out"
