// V8 flags a node process is started with wherever our own code starts one (the devnet's
// validators, the benchmarks' nodes); an operator who starts `parley node` itself passes them in
// NODE_OPTIONS (docs/OPERATIONS.md "V8 heap settings for a busy validator"). V8 reads them only when the process starts: they
// cannot be set from inside (v8.setFlagsFromString changes nothing for the heap already made).
//
// A 32 MB semi-space (V8's default is 16 MB): a busy validator allocates short-lived objects per
// tx (decoded txs, state keys, tree nodes), and a larger young generation scavenges them half as
// often with less copied per scavenge. Measured 2026-12-04 on a quiet machine, one validator,
// 60,000-tx bursts, 3 alternating runs each: 10,462-11,200 -> 11,238-11,779 tx/s, node CPU per tx
// 155-165 -> 147-152 µs, RSS 480-514 -> 488-519 MB (docs/DECISIONS.md 51, PERFORMANCE.md).
export const NODE_PROCESS_FLAGS: readonly string[] = ["--max-semi-space-size=32"];
