import Contracts
import Foundation

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
public struct Subscriptions: Sendable {
    private(set) var handlers: [HandlerEntry] = []

    public init() {}

    public init(_ build: (inout Subscriptions) -> Void) {
        build(&self)
    }

    public var isEmpty: Bool { handlers.isEmpty }

    /// Subscribes to an event type.
    public mutating func on<E: Event>(
        _: E.Type, handler: @escaping @Sendable (Envelope<E>, MessageContext) async throws -> Void)
    {
        handlers.append(HandlerEntry(type: E.messageType, kind: .event, destination: nil) { raw, context, _ in
            try await handler(try HandlerEntry.decode(raw, as: E.self), context)
            return .done
        })
    }

    /// Handles a command addressed to this service (`C.destination` must be the bus's service).
    public mutating func onCommand<C: Command>(
        _: C.Type, handler: @escaping @Sendable (Envelope<C>, MessageContext) async throws -> Void)
    {
        handlers.append(HandlerEntry(type: C.messageType, kind: .command, destination: C.destination) {
            raw, context, _ in
            try await handler(try HandlerEntry.decode(raw, as: C.self), context)
            return .done
        })
    }

    /// Answers a request addressed to this service (`R.destination` must be the bus's service). The reply
    /// envelope is caused by the request (same correlation id, causation id = request id).
    public mutating func onRequest<R: RPCRequest>(
        _: R.Type, handler: @escaping @Sendable (Envelope<R>, MessageContext) async throws -> R.Response)
    {
        handlers.append(HandlerEntry(type: R.messageType, kind: .request, destination: R.destination) {
            raw, context, service in
            let request = try HandlerEntry.decode(raw, as: R.self)
            let response = try await handler(request, context)
            return .response(try RawEnvelope.encoding(request.caused(response, by: service)))
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
    let handle: @Sendable (RawEnvelope, MessageContext, ServiceName) async throws -> Result

    static func decode<Payload: Message>(_ raw: RawEnvelope, as _: Payload.Type) throws -> Envelope<Payload> {
        do {
            return try raw.decode(Payload.self)
        } catch {
            throw PayloadDecodingError(description: "cannot decode \(Payload.messageType): \(error)")
        }
    }
}
