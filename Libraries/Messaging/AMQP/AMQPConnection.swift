import CRabbitMQ
import Foundation

/// One librabbitmq connection with one channel (number 1).
///
/// Not thread-safe and blocking, like librabbitmq itself: an instance is created, used and closed by exactly one
/// connection thread (``ConnectionWorker``) and never escapes it.
final class AMQPConnection {
    let state: amqp_connection_state_t
    let channel: amqp_channel_t = 1
    /// The sequence number the broker will give the next publish once the channel is in confirm mode.
    private(set) var nextPublishSequenceNumber: UInt64 = 1
    private(set) var isConfirmMode = false
    private var isClosed = false

    private init(state: amqp_connection_state_t) {
        self.state = state
    }

    deinit {
        if !isClosed { amqp_destroy_connection(state) }
    }

    /// Connects, logs in and opens channel 1.
    static func open(endpoint: BrokerEndpoint, heartbeat: Duration, connectionName: String,
                     timeout: Duration) throws -> AMQPConnection
    {
        guard let state = amqp_new_connection() else { throw AMQPError("cannot allocate an AMQP connection") }
        let connection = AMQPConnection(state: state)
        guard let socket = amqp_tcp_socket_new(state) else { throw AMQPError("cannot allocate a TCP socket") }
        var connectTimeout = timeval(timeout)
        let opened = endpoint.host.withCString { host in
            amqp_socket_open_noblock(socket, host, Int32(endpoint.port), &connectTimeout)
        }
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw AMQPError(status: opened, during: "connecting to \(endpoint.host):\(endpoint.port)")
        }
        _ = amqp_set_handshake_timeout(state, &connectTimeout)
        // Bounds every synchronous method (declare, qos, consume, close) so a wedged broker cannot hang the
        // thread; on expiry librabbitmq closes the socket and we reconnect.
        var rpcTimeout = timeval(.seconds(15))
        _ = amqp_set_rpc_timeout(state, &rpcTimeout)

        let heartbeatSeconds = heartbeat > .zero ? Int32(clamping: max(1, heartbeat.components.seconds)) : 0
        let reply = withArena { arena -> amqp_rpc_reply_t in
            var properties = arena.table([
                "connection_name": .string(connectionName),
                "capabilities": .table([
                    "authentication_failure_close": .bool(true),
                    "consumer_cancel_notify": .bool(true),
                    "connection.blocked": .bool(true),
                ]),
            ])
            return zg_amqp_login_plain_with_properties(
                state, arena.cString(endpoint.virtualHost), 0, 131_072, heartbeatSeconds, &properties,
                arena.cString(endpoint.user), arena.cString(endpoint.password))
        }
        try connection.check(reply, during: "logging in to vhost \(endpoint.virtualHost)")
        _ = amqp_channel_open(state, connection.channel)
        try connection.check(amqp_get_rpc_reply(state), during: "opening channel")
        return connection
    }

    var socketDescriptor: Int32 { amqp_get_sockfd(state) }

    /// True when librabbitmq already holds received bytes or frames, so polling the socket would miss them.
    var hasBufferedInput: Bool {
        amqp_data_in_buffer(state) != 0 || amqp_frames_enqueued(state) != 0
    }

    // MARK: Synchronous methods

    func declareExchange(_ name: String, type: String) throws {
        withArena { arena in
            _ = amqp_exchange_declare(state, channel, arena.bytes(name), arena.bytes(type), 0, 1, 0, 0,
                                      amqp_table_t(num_entries: 0, entries: nil))
        }
        try check(amqp_get_rpc_reply(state), during: "declaring exchange \(name)")
    }

    func declareQueue(_ name: String, arguments: [String: AMQPFieldValue] = [:]) throws {
        withArena { arena in
            _ = amqp_queue_declare(state, channel, arena.bytes(name), 0, 1, 0, 0, arena.table(arguments))
        }
        try check(amqp_get_rpc_reply(state), during: "declaring queue \(name)")
    }

    func bindQueue(_ queue: String, exchange: String, routingKey: String) throws {
        withArena { arena in
            _ = amqp_queue_bind(state, channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey),
                                amqp_table_t(num_entries: 0, entries: nil))
        }
        try check(amqp_get_rpc_reply(state), during: "binding \(queue) to \(exchange) with \(routingKey)")
    }

    func setPrefetch(_ count: Int) throws {
        _ = amqp_basic_qos(state, channel, 0, UInt16(clamping: count), 0)
        try check(amqp_get_rpc_reply(state), during: "setting prefetch")
    }

    func enableConfirms() throws {
        _ = amqp_confirm_select(state, channel)
        try check(amqp_get_rpc_reply(state), during: "enabling publisher confirms")
        isConfirmMode = true
        nextPublishSequenceNumber = 1
    }

    /// Starts a consumer and returns its tag.
    func consume(queue: String, noAck: Bool) throws -> String {
        let ok = withArena { arena in
            amqp_basic_consume(state, channel, arena.bytes(queue), amqp_bytes_t(len: 0, bytes: nil), 0,
                               noAck ? 1 : 0, 0, amqp_table_t(num_entries: 0, entries: nil))
        }
        try check(amqp_get_rpc_reply(state), during: "consuming from \(queue)")
        guard let ok else { throw AMQPError("consuming from \(queue): no consume-ok") }
        return String(amqpBytes: ok.pointee.consumer_tag)
    }

    /// Stops a consumer. Deliveries that arrive meanwhile are kept and returned by ``nextEvent()``.
    func cancel(consumerTag: String) throws {
        withArena { arena in
            _ = amqp_basic_cancel(state, channel, arena.bytes(consumerTag))
        }
        try check(amqp_get_rpc_reply(state), during: "cancelling consumer")
    }

    // MARK: Asynchronous methods

    /// Sends one message; returns its confirm sequence number (meaningful in confirm mode).
    @discardableResult
    func publish(exchange: String, routingKey: String, mandatory: Bool, properties: AMQPProperties,
                 body: Data) throws -> UInt64
    {
        let status = withArena { arena -> Int32 in
            var raw = properties.cValue(in: arena)
            let exchangeBytes = arena.bytes(exchange)
            let routingKeyBytes = arena.bytes(routingKey)
            return body.withUnsafeBytes { buffer in
                amqp_basic_publish(state, channel, exchangeBytes, routingKeyBytes, mandatory ? 1 : 0, 0, &raw,
                                   amqp_bytes_t(len: buffer.count, bytes: UnsafeMutableRawPointer(mutating: buffer.baseAddress)))
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError(status: status, during: "publishing") }
        let sequenceNumber = nextPublishSequenceNumber
        if isConfirmMode { nextPublishSequenceNumber += 1 }
        return sequenceNumber
    }

    func ack(_ deliveryTag: UInt64, multiple: Bool) throws {
        let status = amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError(status: status, during: "acknowledging") }
    }

    func nack(_ deliveryTag: UInt64, requeue: Bool) throws {
        let status = amqp_basic_nack(state, channel, deliveryTag, 0, requeue ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError(status: status, during: "rejecting") }
    }

    // MARK: Closing

    /// Closes channel and connection politely (the broker requeues unacknowledged deliveries), then frees it.
    func close() {
        guard !isClosed else { return }
        var shortTimeout = timeval(.seconds(2))
        _ = amqp_set_rpc_timeout(state, &shortTimeout)
        let channelReply = amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS)
        if channelReply.reply_type == AMQP_RESPONSE_NORMAL {
            _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        }
        destroy()
    }

    /// Drops the connection without the closing handshake (after an error).
    func destroy() {
        guard !isClosed else { return }
        isClosed = true
        amqp_destroy_connection(state)
    }

    // MARK: Replies

    /// Throws for anything but a normal reply; answers a broker-initiated close so the broker can clean up.
    func check(_ reply: amqp_rpc_reply_t, during operation: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw AMQPError(status: reply.library_error, during: operation)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            throw closedByBroker(reply.reply, during: operation)
        default:
            throw AMQPError("\(operation): no reply")
        }
    }

    /// The error for a `channel.close` / `connection.close` method from the broker, after answering it.
    func closedByBroker(_ method: amqp_method_t, during operation: String) -> AMQPError {
        if method.id == ZG_AMQP_CONNECTION_CLOSE_METHOD, let decoded = method.decoded {
            let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let error = AMQPError(closedByBroker: "connection", code: close.reply_code,
                                  text: String(amqpBytes: close.reply_text), during: operation)
            var ok = amqp_connection_close_ok_t()
            _ = amqp_send_method(state, 0, ZG_AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
            return error
        }
        if method.id == ZG_AMQP_CHANNEL_CLOSE_METHOD, let decoded = method.decoded {
            let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            let error = AMQPError(closedByBroker: "channel", code: close.reply_code,
                                  text: String(amqpBytes: close.reply_text), during: operation)
            var ok = amqp_channel_close_ok_t()
            _ = amqp_send_method(state, channel, ZG_AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
            return error
        }
        return AMQPError("\(operation): unexpected method 0x\(String(method.id, radix: 16)) from the broker")
    }
}

extension timeval {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
