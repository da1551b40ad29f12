import Foundation
import HTTPClient
import Logging
import ServiceLifecycle

/// Delivers updates to bots that set a webhook, as Telegram does: one JSON POST per update, in order, with
/// `X-Telegram-Bot-Api-Secret-Token` when a secret was given. A 2xx answer confirms the update; anything else
/// (another status, no connection, a timeout) is recorded in getWebhookInfo's last_error_* and retried with a
/// doubling delay. Bots are served concurrently, each one update at a time.
///
/// On graceful shutdown it stops, then ends all long polls so the HTTP server can drain quickly.
struct WebhookDispatcher: Service, CustomStringConvertible {
    let description = "telegram-sandbox.webhooks"
    let state: SandboxState
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        let client = HTTPClient(configuration: HTTPClientConfiguration(defaultTimeout: timeout,
                                                                       userAgent: "telegram-sandbox/1.0"),
                                logger: Logger(label: "telegram-sandbox.webhooks.http"))
        await cancelWhenGracefulShutdown {
            await deliverForever(client: client)
        }
        state.beginShutdown()
        await client.shutdown()
    }

    private func deliverForever(client: HTTPClient) async {
        while !Task.isCancelled {
            let seen = state.updatesSignal.currentVersion
            let (jobs, nextRetry) = await state.webhookJobs(now: .now)
            if jobs.isEmpty {
                await state.updatesSignal.wait(after: seen, until: nextRetry ?? .now + .seconds(60))
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask { await deliver(job, client: client) }
                }
            }
        }
    }

    private func deliver(_ job: WebhookJob, client: HTTPClient) async {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let secret = job.secretToken { headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret) }
        let request = HTTPRequest(method: .post, url: job.url, headers: headers,
                                  body: .data(job.body, contentType: "application/json"), timeout: timeout)
        do {
            let response = try await client.send(request)
            if response.isSuccess {
                await state.webhookDelivered(job)
            } else {
                let reason = HTTPStatusReason.phrase(for: response.status)
                await fail(job, "Wrong response from the webhook: \(response.status) \(reason)")
            }
        } catch is CancellationError {
            return
        } catch let error as HTTPClientError {
            switch error.kind {
            case .timeout: await fail(job, "Connection timed out")
            case .connectionFailed: await fail(job, "Connection refused")
            default: await fail(job, "Failed to deliver the update: \(error.kind)")
            }
        } catch {
            await fail(job, "Failed to deliver the update")
        }
    }

    private func fail(_ job: WebhookJob, _ message: String) async {
        logger.info("webhook delivery failed", metadata: [
            "bot.id": "\(job.botId)", "update.id": "\(job.updateId)", "error": "\(message)",
        ])
        await state.webhookFailed(job, message: message)
    }
}

/// Reason phrases for the statuses a webhook typically answers with.
enum HTTPStatusReason {
    static func phrase(for status: Int) -> String {
        switch status {
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}
