// Replaced by the Notifier tests.
import Testing
