// Replaced by the Booking tests.
import Testing
