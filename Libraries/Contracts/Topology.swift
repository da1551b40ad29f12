/// Names of the shared AMQP topology. Third-party consumers bind their own queues to `events`.
public enum Topology {
    /// Topic exchange for domain events; routing key = the event's versioned type.
    public static let eventsExchange = "zhilyego.events"
    /// Direct exchange for commands; routing key = the command's type, bound to the owner's commands queue.
    public static let commandsExchange = "zhilyego.commands"
    /// Direct exchange for RPC requests; routing key = the request's type, bound to the owner's rpc queue.
    public static let rpcExchange = "zhilyego.rpc"

    public static func eventsQueue(_ service: ServiceName) -> String { "\(service.rawValue).events" }
    public static func commandsQueue(_ service: ServiceName) -> String { "\(service.rawValue).commands" }
    public static func rpcQueue(_ service: ServiceName) -> String { "\(service.rawValue).rpc" }
    /// Where a queue's messages go after their last failed attempt.
    public static func deadLetterQueue(_ queue: String) -> String { "\(queue).dead" }
}
