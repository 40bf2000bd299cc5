// Hardhat config for the comparison bench (bench/hardhat/README.md). run.sh copies it into the temp
// install dir beside driver.mjs; the driver writes bench-network.json (funded accounts and the mining
// mode) before it starts the node, so one config serves every run.
import { readFileSync } from "node:fs";

const net = JSON.parse(readFileSync(new URL("./bench-network.json", import.meta.url), "utf8"));

export default {
  networks: {
    node: {
      type: "edr-simulated",
      chainType: "l1",
      chainId: net.chainId,
      accounts: net.privateKeys.map((privateKey) => ({ privateKey, balance: net.balanceWei })),
      mining: net.mining,
      // Interval mining packs many transfers into one block; the default 60M gas (2,857
      // transfers) would cap a block, so the limit is raised to fit the whole load.
      ...(net.blockGasLimit ? { blockGasLimit: BigInt(net.blockGasLimit) } : {}),
      // Hardhat refuses intervals under 1 s unless blocks may share a timestamp.
      ...(net.mining.auto ? {} : { allowBlocksWithSameTimestamp: true }),
    },
  },
};
