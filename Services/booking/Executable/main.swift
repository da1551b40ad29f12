import Booking
import ServiceRuntime

await ServiceApp.main(BookingApp.self)
