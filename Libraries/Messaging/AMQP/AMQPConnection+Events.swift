import CRabbitMQ
import Foundation

/// A message delivered to one of our consumers, copied out of librabbitmq memory.
struct AMQPDelivery: Sendable {
    var deliveryTag: UInt64
    var redelivered: Bool
    var exchange: String
    var routingKey: String
    var properties: AMQPProperties
    var body: Data
}

/// A mandatory message the broker could not route and sent back.
struct AMQPReturnedMessage: Sendable {
    var replyCode: UInt16
    var replyText: String
    var exchange: String
    var routingKey: String
    var properties: AMQPProperties
}

/// What the broker can send us asynchronously on our channel.
enum AMQPEvent: Sendable {
    case delivery(AMQPDelivery)
    case returned(AMQPReturnedMessage)
    /// A publisher confirm.
    case ack(sequenceNumber: UInt64, multiple: Bool)
    case nack(sequenceNumber: UInt64, multiple: Bool)
    /// The broker cancelled our consumer (its queue was deleted).
    case consumerCancelled
    case blocked(reason: String)
    case unblocked
    case ignored
}

extension AMQPConnection {
    /// The next event, or nil if none is available right now. Never blocks waiting for a frame (it does block
    /// reading the rest of a message whose first frame arrived). Also sends due heartbeats.
    ///
    /// - Throws: ``AMQPError`` when the socket failed or the broker closed the channel or the connection.
    func nextEvent() throws -> AMQPEvent? {
        var frame = amqp_frame_t()
        var noWait = timeval(tv_sec: 0, tv_usec: 0)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &noWait)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError(status: status, during: "reading") }
        defer { amqp_maybe_release_buffers(state) }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return .ignored }
        let method = frame.payload.method
        guard let decoded = method.decoded else { return .ignored }

        switch method.id {
        case ZG_AMQP_BASIC_DELIVER_METHOD:
            let deliver = decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let deliveryTag = deliver.delivery_tag
            let redelivered = deliver.redelivered != 0
            let exchange = String(amqpBytes: deliver.exchange)
            let routingKey = String(amqpBytes: deliver.routing_key)
            let (properties, body) = try readContent(during: "reading a delivery")
            return .delivery(AMQPDelivery(deliveryTag: deliveryTag, redelivered: redelivered, exchange: exchange,
                                          routingKey: routingKey, properties: properties, body: body))
        case ZG_AMQP_BASIC_RETURN_METHOD:
            let returned = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let replyCode = returned.reply_code
            let replyText = String(amqpBytes: returned.reply_text)
            let exchange = String(amqpBytes: returned.exchange)
            let routingKey = String(amqpBytes: returned.routing_key)
            let (properties, _) = try readContent(during: "reading a returned message")
            return .returned(AMQPReturnedMessage(replyCode: replyCode, replyText: replyText, exchange: exchange,
                                                 routingKey: routingKey, properties: properties))
        case ZG_AMQP_BASIC_ACK_METHOD:
            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .ack(sequenceNumber: ack.delivery_tag, multiple: ack.multiple != 0)
        case ZG_AMQP_BASIC_NACK_METHOD:
            let nack = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .nack(sequenceNumber: nack.delivery_tag, multiple: nack.multiple != 0)
        case ZG_AMQP_BASIC_CANCEL_METHOD:
            return .consumerCancelled
        case ZG_AMQP_CONNECTION_BLOCKED_METHOD:
            let blocked = decoded.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
            return .blocked(reason: String(amqpBytes: blocked.reason))
        case ZG_AMQP_CONNECTION_UNBLOCKED_METHOD:
            return .unblocked
        case ZG_AMQP_CHANNEL_CLOSE_METHOD, ZG_AMQP_CONNECTION_CLOSE_METHOD:
            throw closedByBroker(method, during: "reading")
        default:
            return .ignored
        }
    }

    /// Reads the header and body frames following a deliver or return method.
    private func readContent(during operation: String) throws -> (AMQPProperties, Data) {
        var message = amqp_message_t()
        let reply = amqp_read_message(state, channel, &message, 0)
        try check(reply, during: operation)
        defer { amqp_destroy_message(&message) }
        return (AMQPProperties(message.properties), Data(amqpBytes: message.body))
    }
}
