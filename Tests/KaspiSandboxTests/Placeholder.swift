// Replaced by the KaspiSandbox tests.
import Testing
