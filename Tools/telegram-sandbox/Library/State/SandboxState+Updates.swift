import Foundation

/// One webhook POST the dispatcher should make: the oldest unconfirmed update of a bot.
struct WebhookJob: Sendable {
    let botId: Int64
    let url: String
    let secretToken: String?
    let updateId: Int
    let body: Data
}

extension SandboxState {
    // MARK: getUpdates

    /// The first half of getUpdates: refuses while a webhook is set, confirms updates below `offset` (a negative
    /// offset keeps only the last |offset| updates), stores `allowed_updates`, and takes over from any earlier
    /// long poll (which then ends with 409 "terminated by other getUpdates request").
    func beginGetUpdates(botId: Int64, offset: Int?, allowedUpdates: [String]?) throws(BotAPIError) -> UInt64 {
        guard var bot = bots[botId] else { throw .unauthorized }
        if bot.webhook != nil { throw .webhookActive }
        if let allowedUpdates { bot.allowedUpdates = allowedUpdates }
        if let offset {
            if offset > 0 {
                bot.pending.removeAll { $0.updateId < offset && !bot.redeliveries.contains($0.updateId) }
            } else if offset < 0 {
                let keep = min(bot.pending.count, -offset)
                bot.pending.removeFirst(bot.pending.count - keep)
            }
        }
        bot.pollGeneration &+= 1
        let generation = bot.pollGeneration
        bots[botId] = bot
        updatesSignal.notify()
        return generation
    }

    /// The second half: the updates to return now (possibly none), or 409 when a webhook was set or a newer
    /// getUpdates took over meanwhile.
    func fetchUpdates(botId: Int64, generation: UInt64, limit: Int) throws(BotAPIError) -> [BotAPI.Update] {
        guard let bot = bots[botId] else { throw .unauthorized }
        if bot.webhook != nil { throw .webhookActive }
        if bot.pollGeneration != generation { throw .terminatedByOtherGetUpdates }
        let batch = Array(bot.pending.prefix(limit))
        counters.updatesDeliveredByPolling += batch.count
        if !bot.redeliveries.isEmpty {
            // Delivered once more: from now on an offset above them confirms them as usual.
            var bot = bot
            for update in batch { bot.redeliveries.remove(update.updateId) }
            bots[botId] = bot
        }
        return batch
    }

    func longPollStarted(botId: Int64) { bots[botId]?.activeLongPolls += 1 }

    func longPollEnded(botId: Int64) { bots[botId]?.activeLongPolls -= 1 }

    // MARK: Redelivery (control API)

    /// Puts an update the bot already received back into its queue, with the same update_id and content, as a
    /// Telegram server does when it is not sure the bot got it: the next getUpdates (even with an offset above
    /// it) or the webhook delivers it again, once. 404 when the sandbox no longer knows the update, 409 while it
    /// is still waiting to be delivered.
    func redeliver(botId: Int64?, updateId: Int) throws(ControlError) -> BotAPI.Update {
        let account = try controlBot(botId)
        guard var bot = bots[account.id] else { throw .notFound("no bot with id \(account.id)") }
        guard let update = bot.history.first(where: { $0.updateId == updateId }) else {
            throw .notFound("no update \(updateId) for bot \(account.id)")
        }
        if bot.pending.contains(where: { $0.updateId == updateId }) {
            throw .conflict("update \(updateId) has not been delivered yet")
        }
        let index = bot.pending.firstIndex { $0.updateId > updateId } ?? bot.pending.endIndex
        bot.pending.insert(update, at: index)
        bot.redeliveries.insert(updateId)
        bots[account.id] = bot
        updatesSignal.notify()
        return update
    }

    // MARK: Webhook

    func setWebhook(botId: Int64, url: String, secretToken: String?, maxConnections: Int?,
                    allowedUpdates: [String]?, dropPendingUpdates: Bool) throws(BotAPIError) -> String
    {
        guard var bot = bots[botId] else { throw .unauthorized }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw .badRequest("bad webhook: Wrong HTTP URL specified")
        }
        if let secretToken {
            let allowed = secretToken.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                    || $0 == "-"
            }
            guard allowed, (1...256).contains(secretToken.count) else {
                throw .badRequest("secret token contains unallowed characters")
            }
        }
        let connections = maxConnections ?? 40
        guard (1...100).contains(connections) else { throw .badRequest("bad webhook: max_connections must be 1-100") }
        if let allowedUpdates { bot.allowedUpdates = allowedUpdates }
        if dropPendingUpdates { bot.pending.removeAll() }
        let unchanged = bot.webhook.map { $0.url == url && $0.secretToken == secretToken && $0.maxConnections == connections }
            ?? false
        if !unchanged {
            bot.webhook = BotRuntime.Webhook(url: url, secretToken: secretToken, maxConnections: connections)
        }
        bot.pollGeneration &+= 1
        bots[botId] = bot
        updatesSignal.notify()
        return unchanged ? "Webhook is already set" : "Webhook was set"
    }

    func deleteWebhook(botId: Int64, dropPendingUpdates: Bool) throws(BotAPIError) -> String {
        guard var bot = bots[botId] else { throw .unauthorized }
        let hadWebhook = bot.webhook != nil
        bot.webhook = nil
        if dropPendingUpdates { bot.pending.removeAll() }
        bots[botId] = bot
        updatesSignal.notify()
        return hadWebhook ? "Webhook was deleted" : "Webhook is already deleted"
    }

    func webhookInfo(botId: Int64) throws(BotAPIError) -> BotAPI.WebhookInfo {
        guard let bot = bots[botId] else { throw .unauthorized }
        guard let webhook = bot.webhook else {
            return BotAPI.WebhookInfo(url: "", hasCustomCertificate: false, pendingUpdateCount: bot.pending.count)
        }
        return BotAPI.WebhookInfo(url: webhook.url, hasCustomCertificate: false, pendingUpdateCount: bot.pending.count,
                                  ipAddress: "127.0.0.1", lastErrorDate: webhook.lastErrorDate,
                                  lastErrorMessage: webhook.lastErrorMessage, maxConnections: webhook.maxConnections,
                                  allowedUpdates: bot.allowedUpdates.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// What the dispatcher should deliver now (one update per bot, in order), and when the earliest bot in
    /// back-off becomes due.
    func webhookJobs(now: ContinuousClock.Instant) -> (jobs: [WebhookJob], nextRetry: ContinuousClock.Instant?) {
        var jobs: [WebhookJob] = []
        var nextRetry: ContinuousClock.Instant?
        let encoder = BotAPI.makeEncoder()
        for (botId, bot) in bots {
            guard let webhook = bot.webhook, let update = bot.pending.first else { continue }
            if let retryAt = webhook.retryAt, retryAt > now {
                nextRetry = min(nextRetry ?? retryAt, retryAt)
                continue
            }
            guard let body = try? encoder.encode(update) else { continue }
            jobs.append(WebhookJob(botId: botId, url: webhook.url, secretToken: webhook.secretToken,
                                   updateId: update.updateId, body: body))
        }
        return (jobs, nextRetry)
    }

    func webhookDelivered(_ job: WebhookJob) {
        guard var bot = bots[job.botId], var webhook = bot.webhook, webhook.url == job.url else { return }
        bot.pending.removeAll { $0.updateId == job.updateId }
        bot.redeliveries.remove(job.updateId)
        webhook.consecutiveFailures = 0
        webhook.retryAt = nil
        bot.webhook = webhook
        bots[job.botId] = bot
        counters.webhookDeliveries += 1
        updatesSignal.notify()
    }

    func webhookFailed(_ job: WebhookJob, message: String) {
        guard var bot = bots[job.botId], var webhook = bot.webhook, webhook.url == job.url else { return }
        webhook.consecutiveFailures += 1
        webhook.lastErrorDate = Self.unixTime()
        webhook.lastErrorMessage = message
        var delay = configuration.webhookRetryDelay
        for _ in 1..<min(webhook.consecutiveFailures, 16) { delay = delay * 2 }
        webhook.retryAt = ContinuousClock.now + min(delay, configuration.webhookMaxRetryDelay)
        bot.webhook = webhook
        bots[job.botId] = bot
        counters.webhookFailures += 1
        updatesSignal.notify()
    }
}
