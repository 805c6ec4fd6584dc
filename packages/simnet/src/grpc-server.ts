import * as grpc from "@grpc/grpc-js";
import { decodeInvoice } from "./invoice-codec";
import {
  channelBalanceMessage,
  infoMessage,
  invoiceMessage,
  paymentMessage,
  payReqMessage,
} from "./messages";
import type { Network } from "./network";
import type { PaymentRouter } from "./payments";
import { loadLndServices } from "./protos";
import { RpcError } from "./rpc-error";
import type { StoredInvoice, StoredNode } from "./state";

type Req = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown): number => Number(str(v) || "0");
const big = (v: unknown): bigint => {
  const s = str(v);
  return /^-?\d+$/.test(s) ? BigInt(s) : 0n;
};
const buf = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.alloc(0));

function macaroonsOf(metadata: grpc.Metadata): string[] {
  return metadata.get("macaroon").map((v) => (Buffer.isBuffer(v) ? v.toString("hex") : v));
}

function asStatus(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof RpcError) return { code: err.code, details: err.message };
  console.error("simnet: unexpected error", err);
  return { code: grpc.status.INTERNAL, details: "internal simnet error" };
}

/**
 * The LND gRPC surface. One endpoint hosts every virtual node; the macaroon (its root key id and
 * signature) decides which node a call talks to, and its ops decide whether the call is allowed.
 */
export function createLndGrpcServer(network: Network, router: PaymentRouter) {
  const services = loadLndServices();
  const streams = new Set<grpc.ServerWritableStream<Req, unknown>>();

  const unary =
    (path: string, handle: (node: StoredNode, req: Req) => object): grpc.handleUnaryCall<Req, unknown> =>
    (call, callback) => {
      let answer: object;
      try {
        const { node } = network.authenticate(macaroonsOf(call.metadata), path);
        answer = handle(node, call.request);
      } catch (err) {
        callback(asStatus(err));
        return;
      }
      // Answer only once every change this call made or saw is written (group commit, state.ts).
      const unwritten = network.store.unwritten();
      if (!unwritten) callback(null, answer);
      else
        unwritten.then(
          () => callback(null, answer),
          (err: unknown) => callback(asStatus(err)),
        );
    };

  const lightning: grpc.UntypedServiceImplementation = {
    GetInfo: unary("/lnrpc.Lightning/GetInfo", (node) => infoMessage(node)),
    ChannelBalance: unary("/lnrpc.Lightning/ChannelBalance", (node) => channelBalanceMessage(node)),
    AddInvoice: unary("/lnrpc.Lightning/AddInvoice", (node, req) => {
      const valueMsat = big(req.value_msat) || big(req.value) * 1000n;
      if (big(req.value_msat) && big(req.value) && big(req.value) * 1000n !== big(req.value_msat)) {
        throw new RpcError(grpc.status.UNKNOWN, "value and value_msat are mutually exclusive");
      }
      const preimage = buf(req.r_preimage);
      const invoice = network.addInvoice(node, {
        valueMsat,
        memo: str(req.memo),
        expirySeconds: num(req.expiry),
        cltvExpiry: num(req.cltv_expiry),
        ...(preimage.length ? { preimage } : {}),
      });
      return {
        r_hash: Buffer.from(invoice.paymentHash, "hex"),
        payment_request: invoice.bolt11,
        add_index: String(invoice.addIndex),
        payment_addr: Buffer.from(invoice.paymentAddr, "hex"),
      };
    }),
    LookupInvoice: unary("/lnrpc.Lightning/LookupInvoice", (node, req) => {
      const hash = buf(req.r_hash).length
        ? buf(req.r_hash).toString("hex")
        : str(req.r_hash_str).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash))
        throw new RpcError(grpc.status.INVALID_ARGUMENT, "invalid hash length");
      const invoice = network.lookupInvoice(node, hash);
      return invoiceMessage(node, invoice, network.currentState(invoice));
    }),
    ListInvoices: unary("/lnrpc.Lightning/ListInvoices", (node, req) => {
      const page = network.listInvoices(node, {
        indexOffset: num(req.index_offset),
        max: num(req.num_max_invoices),
        reversed: req.reversed === true,
        pendingOnly: req.pending_only === true,
        start: num(req.creation_date_start),
        end: num(req.creation_date_end),
      });
      return {
        invoices: page.invoices.map((i) => invoiceMessage(node, i, network.currentState(i))),
        first_index_offset: String(page.first),
        last_index_offset: String(page.last),
      };
    }),
    DecodePayReq: unary("/lnrpc.Lightning/DecodePayReq", (_node, req) => {
      try {
        return payReqMessage(decodeInvoice(str(req.pay_req)));
      } catch (err) {
        throw new RpcError(grpc.status.UNKNOWN, `invalid payment request: ${(err as Error).message}`);
      }
    }),
    SubscribeInvoices: (call: grpc.ServerWritableStream<Req, unknown>) => {
      let node: StoredNode;
      try {
        node = network.authenticate(macaroonsOf(call.metadata), "/lnrpc.Lightning/SubscribeInvoices").node;
      } catch (err) {
        call.emit("error", asStatus(err));
        return;
      }
      let open = true;
      // The message is taken now (the state as of the event) and sent once the change is written,
      // in event order (group writes resolve in order), so no subscriber sees what a restart could lose.
      const send = (i: StoredInvoice) => {
        const message = invoiceMessage(node, i, network.currentState(i));
        const unwritten = network.store.unwritten();
        if (!unwritten) call.write(message);
        else
          unwritten.then(
            () => open && call.write(message),
            () => {},
          );
      };
      // Backlog first, as LND does: invoices added after add_index, then settled after settle_index.
      const addIndex = num(call.request.add_index);
      const settleIndex = num(call.request.settle_index);
      if (addIndex > 0) for (const i of node.invoices.filter((x) => x.addIndex > addIndex)) send(i);
      if (settleIndex > 0) {
        const settled = node.invoices.filter((x) => x.settleIndex > settleIndex);
        for (const i of settled.sort((a, b) => a.settleIndex - b.settleIndex)) send(i);
      }
      const emitter = network.events.get(node.name);
      emitter?.on("invoice", send);
      streams.add(call);
      const done = () => {
        open = false;
        emitter?.off("invoice", send);
        streams.delete(call);
      };
      call.on("cancelled", done);
      call.on("close", done);
      call.on("error", done);
    },
  };

  const routerImpl: grpc.UntypedServiceImplementation = {
    SendPaymentV2: (call: grpc.ServerWritableStream<Req, unknown>) => {
      let payer: StoredNode;
      try {
        payer = network.authenticate(macaroonsOf(call.metadata), "/routerrpc.Router/SendPaymentV2").node;
      } catch (err) {
        call.emit("error", asStatus(err));
        return;
      }
      const req = call.request;
      const amtMsat = big(req.amt_msat) || big(req.amt) * 1000n;
      let started = false;
      router
        .send(payer, { request: str(req.payment_request), amtMsat }, (update) => {
          started = true;
          if (!call.cancelled) call.write(paymentMessage(update.payment, update.status));
        })
        .then(
          () => call.end(),
          (err) => {
            if (started) console.error("simnet: payment failed after start", err);
            call.emit("error", asStatus(err));
          },
        );
    },
  };

  const server = new grpc.Server();
  server.addService(services.lightning, lightning);
  server.addService(services.router, routerImpl);

  return {
    server,
    /** Ends every open invoice stream with UNAVAILABLE, as a dropped connection would. */
    dropSubscriptions(): number {
      const open = [...streams];
      for (const call of open) {
        streams.delete(call);
        call.emit("error", { code: grpc.status.UNAVAILABLE, details: "simnet dropped the stream" });
      }
      return open.length;
    },
  };
}
