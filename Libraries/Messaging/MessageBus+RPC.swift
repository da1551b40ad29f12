import Contracts
import Foundation
import Logging
import Metrics

extension MessageBus {
    /// Sends a request to `R.destination`'s RPC queue and waits for the typed response.
    ///
    /// Uses RabbitMQ direct reply-to; correlation id = the request's message id; the request is not persistent
    /// and expires in the queue after `timeout`, so a late server never handles a request nobody waits for.
    ///
    /// - Parameter timeout: defaults to the configuration's `rpcTimeout`.
    /// - Throws: ``RPCError``: `timeout`, `remote(code:message:)` (the service's own error), `unavailable`
    ///   (broker unreachable, connection lost, no such queue), `decoding`; ``MessagingError`` of kind `encoding`
    ///   if the request cannot be encoded; `CancellationError`.
    public func request<R: RPCRequest>(_ envelope: Envelope<R>,
                                       timeout: Duration? = nil) async throws -> Envelope<R.Response>
    {
        let type = R.messageType.rawValue
        let start = ContinuousClock.now
        func record(_ result: String) {
            Counter(label: "bus_rpc_requests_total", dimensions: [("type", type), ("result", result)]).increment()
            Timer(label: "bus_rpc_duration_seconds", dimensions: [("type", type)])
                .record(duration: ContinuousClock.now - start)
        }
        let raw = try BusCoding.encode(envelope)
        let client: RPCClientRole
        do {
            client = try startRPCClient()
        } catch {
            record("unavailable")
            throw RPCError.unavailable
        }
        let reply: RPCReply
        do {
            reply = try await client.call(raw, routingKey: type, timeout: timeout ?? configuration.rpcTimeout)
        } catch let error as RPCError {
            record(error.metricLabel)
            throw error
        }

        if reply.type == RPCWire.errorReplyType {
            guard let remote = try? JSONDecoder().decode(RPCRemoteError.self, from: reply.body) else {
                record("decoding")
                throw RPCError.decoding
            }
            record("remote_error")
            throw RPCError.remote(code: remote.code, message: remote.message)
        }
        do {
            let response = try HandlerEntry.decode(reply.body, as: R.Response.self)
            record("ok")
            return response
        } catch {
            record("decoding")
            logger.warning("cannot decode RPC reply", metadata: [
                "message.type": "\(R.Response.messageType)", "correlation.id": "\(envelope.correlationId)",
                "error": "\(error)",
            ])
            throw RPCError.decoding
        }
    }
}
