import Contracts
import Foundation

/// Messages of a made-up service `messaging-test`, only for these tests.
struct ThingHappened: Event {
    static let messageType: MessageType = "test.thing.happened.v1"
    var number: Int
    var note: String
}

struct OtherThingHappened: Event {
    static let messageType: MessageType = "test.other.thing.happened.v1"
    var number: Int
}

struct DoThing: Command {
    static let messageType: MessageType = "test.do.thing.v1"
    static let destination: ServiceName = .messagingTest
    var number: Int
}

struct Echo: RPCRequest {
    typealias Response = EchoReply
    static let messageType: MessageType = "test.echo.v1"
    static let destination: ServiceName = .messagingTest
    var text: String
}

struct EchoReply: Message {
    static let messageType: MessageType = "test.echo.reply.v1"
    var text: String
}

extension ServiceName {
    static let messagingTest: ServiceName = "messaging-test"
    static let messagingCaller: ServiceName = "messaging-caller"
}

/// What test handlers throw.
struct HandlerFailure: Error, CustomStringConvertible {
    var description: String
}
