/// A refused control call: `{"ok":false,"error":"…"}` with a 4xx status.
struct ControlError: Error, Sendable {
    let status: Int
    let message: String

    init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> ControlError { ControlError(status: 400, message) }
    static func notFound(_ message: String) -> ControlError { ControlError(status: 404, message) }
    static func conflict(_ message: String) -> ControlError { ControlError(status: 409, message) }
}
