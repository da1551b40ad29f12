import CRabbitMQ

/// A failure of the AMQP connection or channel. Internal: the bus maps it to ``MessagingError`` or ``RPCError``.
struct AMQPError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A librabbitmq status code (`AMQP_STATUS_*`).
    init(status: Int32, during operation: String) {
        let text = amqp_error_string2(status).map { String(cString: $0) } ?? "status \(status)"
        description = "\(operation): \(text)"
    }

    /// The broker closed the channel or the connection.
    init(closedByBroker what: String, code: UInt16, text: String, during operation: String) {
        description = "\(operation): broker closed the \(what) (\(code) \(text))"
    }
}
