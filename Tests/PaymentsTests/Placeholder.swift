// Replaced by the Payments tests.
import Testing
