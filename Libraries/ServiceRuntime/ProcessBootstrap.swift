import Logging
import Metrics
import Prometheus

/// Process-wide set-up that swift-log and swift-metrics allow exactly once per process: JSON logs at the
/// configured level and a Prometheus registry behind the metrics API. Executables call `bootstrap` first thing;
/// tests that host several services in one process share the same registry.
public enum ProcessBootstrap {
    private static let registryOnce: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The registry `/metrics` serves; bootstraps the metrics system on first use.
    public static var metricsRegistry: PrometheusCollectorRegistry { registryOnce }

    private static let loggingOnce: Void = {
        let level = Logger.Level(rawValue: ConfigReader().string("LOG_LEVEL", default: "info").lowercased()) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
    }()

    /// JSON logs to standard error at `LOG_LEVEL` (default info) and the Prometheus metrics factory.
    public static func bootstrap() {
        _ = loggingOnce
        _ = registryOnce
    }
}
