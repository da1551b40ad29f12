import Foundation
import Hummingbird
import Logging
import NIOCore

/// Routes every request: the Bot API (`/bot<token>/<method>`), file downloads (`/file/bot<token>/<path>`), the
/// control API (`/sandbox/…`), the chat page (`/`) and `/healthz`. Routing by hand keeps Telegram's exact
/// answers for malformed paths (404 "Not Found") and unknown tokens (401 "Unauthorized").
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: SandboxState
    let botAPI: BotAPIHandler
    let control: ControlAPI
    let logger: Logger

    /// Control-API bodies are photos at most; keep them bounded.
    static let maximumControlBodyBytes = 64 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        let rawPath = request.uri.path
        let path = rawPath.removingPercentEncoding ?? rawPath
        if path == "/" || path == "/index.html" {
            return SandboxResponses.html(ChatPage.html)
        }
        if path == "/healthz" {
            return SandboxResponses.json(status: 200, ["status": "ok", "service": "telegram-sandbox"])
        }
        if path.hasPrefix("/sandbox/") {
            return await controlRequest(request, path: path)
        }
        if path.hasPrefix("/file/bot") {
            return await fileDownload(path: String(path.dropFirst("/file/bot".count)))
        }
        if path.hasPrefix("/bot") {
            return await botAPIRequest(request, path: String(path.dropFirst("/bot".count)))
        }
        return SandboxResponses.botAPI(error: .notFound)
    }

    private func botAPIRequest(_ request: Request, path: String) async -> Response {
        guard let slash = path.firstIndex(of: "/") else { return SandboxResponses.botAPI(error: .notFound) }
        let token = String(path[..<slash])
        let method = String(path[path.index(after: slash)...])
        guard BotAccount.isWellFormed(token), !method.isEmpty, !method.contains("/") else {
            return SandboxResponses.botAPI(error: .notFound)
        }
        guard let account = state.accountsByToken[token] else {
            return SandboxResponses.botAPI(error: .unauthorized)
        }
        let body: Data
        do {
            body = try await Self.readBody(request, limit: BotAPIHandler.maximumBodyBytes)
        } catch {
            return SandboxResponses.botAPI(error: BotAPIError(errorCode: 413, description: "Request Entity Too Large"))
        }
        let parameters: BotAPIParameters
        do throws(BotAPIError) {
            parameters = try BotAPIParameters.read(query: request.uri.query, contentType: request.headers[.contentType],
                                                   body: body)
        } catch {
            return SandboxResponses.botAPI(error: error)
        }
        return await botAPI.handle(method: method, account: account, parameters: parameters)
    }

    private func fileDownload(path: String) async -> Response {
        guard let slash = path.firstIndex(of: "/") else { return SandboxResponses.botAPI(error: .notFound) }
        let token = String(path[..<slash])
        let filePath = String(path[path.index(after: slash)...])
        guard let account = state.accountsByToken[token] else {
            return SandboxResponses.botAPI(error: BotAPIError.notFound)
        }
        guard let file = await state.download(botId: account.id, path: filePath) else {
            return SandboxResponses.botAPI(error: .notFound)
        }
        return SandboxResponses.bytes(file.data, contentType: file.mimeType)
    }

    private func controlRequest(_ request: Request, path: String) async -> Response {
        let components = path.dropFirst("/sandbox/".count).split(separator: "/").map(String.init)
        let method: ControlRequest.Method = switch request.method {
        case .get, .head: .get
        case .post: .post
        case .put: .put
        default: .other
        }
        let body: Data
        do {
            body = try await Self.readBody(request, limit: Self.maximumControlBodyBytes)
        } catch {
            return SandboxResponses.control(error: ControlError(status: 413, "the request body is too large"))
        }
        return await control.handle(ControlRequest(method: method, components: components,
                                                   query: FormURLEncoding.dictionary(request.uri.query),
                                                   contentType: request.headers[.contentType], body: body))
    }

    static func readBody(_ request: Request, limit: Int) async throws -> Data {
        let buffer = try await request.body.collect(upTo: limit)
        return Data(buffer.readableBytesView)
    }
}
