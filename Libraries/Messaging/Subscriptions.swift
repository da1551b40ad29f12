import Contracts
import Foundation
import Logging

/// Every message type a service handles, listed in one place:
///
/// ```swift
/// let subscriptions = Subscriptions { s in
///     s.on(BookingConfirmed.self) { envelope, context in … }
///     s.onCommand(CancelBooking.self) { envelope, context in … }
///     s.onRequest(GetListing.self) { envelope, context in … return ListingDetails(…) }
/// }
/// ```
///
/// Events arrive on `<service>.events` (bound to each event type), commands on `<service>.commands`, requests on
/// `<service>.rpc`. A handler returning normally means "done": the message is acknowledged after it returns, so
/// commit the database transaction (with the inbox row) inside it. A handler that throws gets the message again
/// after each of `retryDelays`, then it goes to `<queue>.dead`. Request handlers do not retry: a thrown error
/// becomes an error reply.
///
/// Concurrency: each consumer runs up to `BusConfiguration.requestConcurrency` request handlers at once; event
/// and command handlers run one at a time per consumer unless ``allowConcurrentHandlers(_:on:)`` opts their
/// queue in (only when the handlers do not depend on the order of messages, e.g. `booking.paid` before
/// `booking.completed` of the same booking).
public struct Subscriptions: Sendable {
    /// The queues a service consumes, for ``allowConcurrentHandlers(_:on:)``.
    public enum Queue: Sendable, Hashable {
        /// `<service>.events`
        case events
        /// `<service>.commands`
        case commands
        /// `<service>.rpc`
        case requests
    }

    private(set) var handlers: [HandlerEntry] = []
    /// Handlers per consumer allowed to run at once, by queue (overrides the bus configuration).
    private(set) var concurrency: [Queue: Int] = [:]

    public init() {}

    public init(_ build: (inout Subscriptions) -> Void) {
        build(&self)
    }

    public var isEmpty: Bool { handlers.isEmpty }

    /// Lets each consumer of `queue` run up to `limit` handlers at once (capped at the bus's prefetch; values
    /// below 1 count as 1). For `.requests` this overrides `BusConfiguration.requestConcurrency`; for `.events`
    /// and `.commands` it gives up their per-consumer delivery order, so opt in only when every handler of the
    /// queue is safe in any order (the inbox still makes each message take effect once).
    public mutating func allowConcurrentHandlers(_ limit: Int, on queue: Queue) {
        concurrency[queue] = max(1, limit)
    }

    /// Subscribes to an event type.
    public mutating func on<E: Event>(
        _: E.Type, handler: @escaping @Sendable (Envelope<E>, MessageContext) async throws -> Void)
    {
        handlers.append(HandlerEntry(type: E.messageType, kind: .event, destination: nil) { body, seed in
            let envelope = try HandlerEntry.decode(body, as: E.self)
            try await handler(envelope, seed.context(for: envelope.metadata))
            return .done
        })
    }

    /// Handles a command addressed to this service (`C.destination` must be the bus's service).
    public mutating func onCommand<C: Command>(
        _: C.Type, handler: @escaping @Sendable (Envelope<C>, MessageContext) async throws -> Void)
    {
        handlers.append(HandlerEntry(type: C.messageType, kind: .command, destination: C.destination) { body, seed in
            let envelope = try HandlerEntry.decode(body, as: C.self)
            try await handler(envelope, seed.context(for: envelope.metadata))
            return .done
        })
    }

    /// Answers a request addressed to this service (`R.destination` must be the bus's service). The reply
    /// envelope is caused by the request (same correlation id, causation id = request id).
    public mutating func onRequest<R: RPCRequest>(
        _: R.Type, handler: @escaping @Sendable (Envelope<R>, MessageContext) async throws -> R.Response)
    {
        handlers.append(HandlerEntry(type: R.messageType, kind: .request, destination: R.destination) { body, seed in
            let request = try HandlerEntry.decode(body, as: R.self)
            let response = try await handler(request, seed.context(for: request.metadata))
            return .response(try BusCoding.encode(request.caused(response, by: seed.service)))
        })
    }
}

/// A type-erased handler.
struct HandlerEntry: Sendable {
    enum Kind: Sendable {
        case event, command, request
    }

    enum Result: Sendable {
        case done
        case response(RawEnvelope)
    }

    /// The payload did not decode as the subscribed type: the message goes to the dead-letter queue.
    struct PayloadDecodingError: Error, CustomStringConvertible {
        let description: String
    }

    let type: MessageType
    let kind: Kind
    let destination: ServiceName?
    let handle: @Sendable (_ body: Data, _ seed: ContextSeed) async throws -> Result

    /// Decodes the whole envelope in one pass (the body is parsed once per delivery) and checks its type.
    static func decode<Payload: Message>(_ body: Data, as _: Payload.Type) throws -> Envelope<Payload> {
        let envelope: Envelope<Payload>
        do {
            envelope = try BusCoding.decoder.decode(Envelope<Payload>.self, from: body)
        } catch {
            throw PayloadDecodingError(description: "cannot decode \(Payload.messageType): \(error)")
        }
        guard envelope.type == Payload.messageType else {
            throw PayloadDecodingError(
                description: "cannot decode \(Payload.messageType): the envelope says \(envelope.type)")
        }
        return envelope
    }
}

/// Everything for a ``MessageContext`` except the envelope metadata, which only the typed decode yields.
struct ContextSeed: Sendable {
    var service: ServiceName
    var queue: String
    var redelivered: Bool
    var attempt: Int
    var logger: Logger

    func context(for metadata: EnvelopeMetadata) -> MessageContext {
        MessageContext(metadata: metadata, queue: queue, redelivered: redelivered, attempt: attempt,
                       baseLogger: logger)
    }
}
