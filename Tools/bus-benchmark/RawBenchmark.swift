import CRabbitMQ
import Foundation
import Messaging

/// Plain librabbitmq, no abstraction: one publisher connection in confirm mode keeping `rawConfirmWindow`
/// persistent messages unconfirmed, one consumer connection acking every message — the baseline.
enum RawBenchmark {
    static let queue = "zg-bench.raw"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ options: BenchmarkOptions, endpoint: Endpoint) async throws -> BenchmarkResult {
        let setUp = try RawConnection(endpoint)
        try setUp.declareAndPurge(queue)
        setUp.close()

        let body = Data(repeating: UInt8(ascii: "x"), count: options.payloadBytes)
        let start = Date()
        let cpuBefore = processCPUSeconds()
        async let consumed: Void = onThread("raw consumer") { try consume(options, endpoint) }
        async let published: Void = onThread("raw publisher") { try publish(options, endpoint, body) }
        try await published
        let publishedAfter = Date().timeIntervalSince(start)
        try await consumed
        let seconds = Date().timeIntervalSince(start)
        let cpuSeconds = processCPUSeconds() - cpuBefore

        let cleanUp = try RawConnection(endpoint)
        cleanUp.delete(queue)
        cleanUp.close()
        return BenchmarkResult(messages: options.count, seconds: seconds, publishedAfter: publishedAfter,
                               cpuSeconds: cpuSeconds)
    }

    private static func publish(_ options: BenchmarkOptions, _ endpoint: Endpoint, _ body: Data) throws {
        let connection = try RawConnection(endpoint)
        defer { connection.close() }
        _ = amqp_confirm_select(connection.state, 1)
        try connection.check(amqp_get_rpc_reply(connection.state), "confirm.select")
        var properties = amqp_basic_properties_t()
        properties._flags = ZG_AMQP_BASIC_DELIVERY_MODE_FLAG | ZG_AMQP_BASIC_CONTENT_TYPE_FLAG
        properties.delivery_mode = 2
        var published: UInt64 = 0
        var confirmed: UInt64 = 0
        let total = UInt64(options.count)
        try "application/octet-stream".withCString { contentType in
            properties.content_type = amqp_cstring_bytes(contentType)
            try queue.withCString { routingKey in
                try body.withUnsafeBytes { buffer in
                    let bytes = amqp_bytes_t(len: buffer.count, bytes: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                    while confirmed < total {
                        while published < total, published - confirmed < UInt64(options.rawConfirmWindow) {
                            let status = amqp_basic_publish(connection.state, 1, amqp_bytes_t(len: 0, bytes: nil),
                                                            amqp_cstring_bytes(routingKey), 0, 0, &properties, bytes)
                            guard status == AMQP_STATUS_OK.rawValue else { throw Failure(description: "publish failed") }
                            published += 1
                        }
                        var frame = amqp_frame_t()
                        guard amqp_simple_wait_frame(connection.state, &frame) == AMQP_STATUS_OK.rawValue else {
                            throw Failure(description: "reading confirms failed")
                        }
                        if frame.frame_type == UInt8(AMQP_FRAME_METHOD),
                           frame.payload.method.id == ZG_AMQP_BASIC_ACK_METHOD,
                           let decoded = frame.payload.method.decoded
                        {
                            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                            confirmed = max(confirmed, ack.multiple != 0 ? ack.delivery_tag : confirmed + 1)
                        } else if frame.frame_type == UInt8(AMQP_FRAME_METHOD) {
                            throw Failure(description: "unexpected method 0x\(String(frame.payload.method.id, radix: 16))")
                        }
                        amqp_maybe_release_buffers(connection.state)
                    }
                }
            }
        }
    }

    private static func consume(_ options: BenchmarkOptions, _ endpoint: Endpoint) throws {
        let connection = try RawConnection(endpoint)
        defer { connection.close() }
        _ = amqp_basic_qos(connection.state, 1, 0, UInt16(options.rawPrefetch), 0)
        try connection.check(amqp_get_rpc_reply(connection.state), "basic.qos")
        queue.withCString { name in
            _ = amqp_basic_consume(connection.state, 1, amqp_cstring_bytes(name), amqp_bytes_t(len: 0, bytes: nil),
                                   0, 0, 0, amqp_table_t(num_entries: 0, entries: nil))
        }
        try connection.check(amqp_get_rpc_reply(connection.state), "basic.consume")
        var received = 0
        while received < options.count {
            amqp_maybe_release_buffers(connection.state)
            var envelope = amqp_envelope_t()
            let reply = amqp_consume_message(connection.state, &envelope, nil, 0)
            guard reply.reply_type == AMQP_RESPONSE_NORMAL else { throw Failure(description: "consume failed") }
            let tag = envelope.delivery_tag
            amqp_destroy_envelope(&envelope)
            guard amqp_basic_ack(connection.state, 1, tag, 0) == AMQP_STATUS_OK.rawValue else {
                throw Failure(description: "ack failed")
            }
            received += 1
        }
    }

    /// Runs blocking librabbitmq code on its own thread, never on the cooperative pool.
    private static func onThread(_ name: String, _ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try work()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = name
            thread.start()
        }
    }
}

/// Host, port and credentials for the raw connections.
struct Endpoint: Sendable {
    var host: String
    var port: Int32
    var user: String
    var password: String
    var virtualHost: String

    init(url: String) throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw RawBenchmark.Failure(description: "bad AMQP URL")
        }
        self.host = host
        port = Int32(components.port ?? 5672)
        user = components.user ?? "guest"
        password = components.password ?? "guest"
        let path = components.percentEncodedPath.drop { $0 == "/" }
        virtualHost = String(path).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
    }
}

/// A blocking connection with channel 1 open, used by one thread.
final class RawConnection {
    let state: amqp_connection_state_t

    init(_ endpoint: Endpoint) throws {
        guard let state = amqp_new_connection(), let socket = amqp_tcp_socket_new(state) else {
            throw RawBenchmark.Failure(description: "cannot allocate a connection")
        }
        self.state = state
        let status = endpoint.host.withCString { amqp_socket_open(socket, $0, endpoint.port) }
        guard status == AMQP_STATUS_OK.rawValue else { throw RawBenchmark.Failure(description: "cannot connect") }
        let login = endpoint.virtualHost.withCString { vhost in
            endpoint.user.withCString { user in
                endpoint.password.withCString { password in
                    zg_amqp_login_plain(state, vhost, 0, 131_072, 0, user, password)
                }
            }
        }
        try check(login, "login")
        _ = amqp_channel_open(state, 1)
        try check(amqp_get_rpc_reply(state), "channel.open")
    }

    deinit {
        amqp_destroy_connection(state)
    }

    func check(_ reply: amqp_rpc_reply_t, _ operation: String) throws {
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            throw RawBenchmark.Failure(description: "\(operation) failed (reply type \(reply.reply_type.rawValue))")
        }
    }

    func declareAndPurge(_ queue: String) throws {
        try queue.withCString { name in
            _ = amqp_queue_declare(state, 1, amqp_cstring_bytes(name), 0, 1, 0, 0,
                                   amqp_table_t(num_entries: 0, entries: nil))
            try check(amqp_get_rpc_reply(state), "queue.declare")
            _ = amqp_queue_purge(state, 1, amqp_cstring_bytes(name))
            try check(amqp_get_rpc_reply(state), "queue.purge")
        }
    }

    func delete(_ queue: String) {
        queue.withCString { name in
            _ = amqp_queue_delete(state, 1, amqp_cstring_bytes(name), 0, 0)
            _ = amqp_get_rpc_reply(state)
        }
    }

    func close() {
        _ = amqp_channel_close(state, 1, AMQP_REPLY_SUCCESS)
        _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
    }
}
