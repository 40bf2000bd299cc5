// The network page for operators: the node's head, validators, peers, mempool and consensus
// state, refreshed every two seconds; and how far the app itself has verified the chain.
import { useEffect, useState } from "preact/hooks";
import { formatNumber, t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { describeError } from "../state/errors.js";
import { readNetwork, type NetworkView } from "../state/network.js";
import { verifyState } from "../state/verify-state.js";
import { ErrorText, ScreenTitle, Time } from "./common.js";

const REFRESH_MS = 2_000;

function Verified() {
  const v = useStore(verifyState);
  return (
    <section class="card" aria-labelledby="net-verified">
      <h2 id="net-verified">{t("net.verified")}</h2>
      <dl class="facts">
        <dt>{t("net.verifiedHeight")}</dt><dd data-test="verified-height">{v.height === null ? t("net.notVerifying") : formatNumber(v.height)}</dd>
        <dt>{t("net.verifiedFrom")}</dt><dd data-test="verified-from" data-source={v.from?.source ?? ""} data-height={v.from?.height ?? ""}>{v.from ? t(`net.from.${v.from.source}`, { height: formatNumber(v.from.height) }) : "—"}</dd>
        <dt>{t("net.genesis")}</dt><dd class="hash">{v.genesis ?? "—"}</dd>
        <dt>{t("net.crossCheck")}</dt><dd>{v.nodes.length === 0 ? "—" : v.nodes.map((n) => `${n.url} (${n.dropped ? t("net.dropped") : t("net.ok")})`).join(", ")}</dd>
      </dl>
    </section>
  );
}

export function Network() {
  const [view, setView] = useState<NetworkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const tick = (): void => {
      readNetwork().then((v) => { if (live) { setView(v); setError(null); } }, (e: unknown) => live && setError(describeError(e)));
    };
    tick();
    const timer = setInterval(tick, REFRESH_MS);
    return () => { live = false; clearInterval(timer); };
  }, []);
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.network")}</ScreenTitle>
      <ErrorText error={error} />
      {view && (
        <>
          <section class="card" aria-labelledby="net-chain">
            <h2 id="net-chain">{t("net.chain")}</h2>
            <dl class="facts">
              <dt>{t("net.chainId")}</dt><dd>{view.info.chainId}</dd>
              <dt>{t("net.height")}</dt><dd data-test="net-height">{formatNumber(view.info.height)}</dd>
              <dt>{t("net.headTime")}</dt><dd><Time ms={view.head.time} /></dd>
              <dt>{t("net.headHash")}</dt><dd class="hash">{view.head.hash}</dd>
              <dt>{t("net.version")}</dt><dd>{view.info.version}{view.info.light ? ` (${t("net.lightNode")})` : ""}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="net-consensus">
            <h2 id="net-consensus">{t("net.consensus")}</h2>
            <dl class="facts" data-test="net-consensus">
              <dt>{t("net.cHeight")}</dt><dd>{view.consensus.height ?? "—"}</dd>
              <dt>{t("net.round")}</dt><dd>{view.consensus.round ?? "—"}</dd>
              <dt>{t("net.step")}</dt><dd>{view.consensus.step ?? "—"}</dd>
              <dt>{t("net.locked")}</dt><dd>{view.consensus.lockedRound ?? "—"}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="net-validators">
            <h2 id="net-validators">{t("net.validators", { count: view.info.validators.length })}</h2>
            <ol class="address small" data-test="net-validators">{view.info.validators.map((v) => <li key={v}>{v}{v === view.info.validator ? ` (${t("net.thisNode")})` : ""}{v === view.head.proposer ? ` · ${t("net.proposer")}` : ""}</li>)}</ol>
          </section>
          <section class="card" aria-labelledby="net-peers">
            <h2 id="net-peers">{t("net.peersTitle")}</h2>
            <dl class="facts">
              <dt>{t("net.peers")}</dt><dd data-test="net-peers">{formatNumber(view.info.peers)}</dd>
              <dt>{t("net.peerId")}</dt><dd class="hash">{view.info.peerId ?? "—"}</dd>
              <dt>{t("net.listen")}</dt><dd class="hash">{view.info.listen.join(", ") || "—"}</dd>
              <dt>{t("net.mempool")}</dt><dd data-test="net-mempool">{t("net.mempoolValue", { txs: formatNumber(view.info.mempool.txs), kib: formatNumber(Math.ceil(view.info.mempool.bytes / 1024)) })}</dd>
            </dl>
          </section>
        </>
      )}
      <Verified />
    </main>
  );
}
