import Foundation
import Logging
import ServiceLifecycle

/// Keeps `processed_updates` to what deduplication needs: at start and then every `interval` it deletes the
/// records older than ``ConversationStore/processedRetention`` (as the outbox relay deletes published rows).
/// Safe with any number of gateway instances: each deletes whatever is old at the time.
struct ProcessedUpdatesPruner: Service {
    let store: ConversationStore
    var interval: Duration = .seconds(600)
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let deleted = try await store.pruneProcessedUpdates()
                    if deleted > 0 { logger.info("pruned old processed updates", metadata: ["count": "\(deleted)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("pruning processed updates failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
