import Contracts
import Database
import Foundation
import HTTPClient

/// A booking as the booking service would describe it (15 000 ₸ a night, two nights by default).
func sampleBooking(id: UUID = UUID(), number: String = "100042", status: BookingStatus, guestChat: Int64,
                   realtor: Int64 = 5005, apartment: UUID = UUID(),
                   checkIn: Date = Date(timeIntervalSince1970: 1_798_189_200), // 2026-12-25 14:00 UTC+5
                   nights: Int = 2, holdExpiresAt: Date? = nil) -> BookingSummary
{
    BookingSummary(bookingId: id, number: number, apartmentId: apartment, realtorId: realtor, guestId: guestChat,
                   guestChatId: guestChat, checkIn: checkIn,
                   checkOut: checkIn.addingTimeInterval(Double(nights) * 86_400 - 2 * 3600), nights: nights,
                   pricePerNightTiyn: 1_500_000, totalTiyn: 1_500_000 * Int64(nights), status: status,
                   holdExpiresAt: holdExpiresAt, paidAt: nil, cancelledAt: nil, refundTiyn: nil,
                   createdAt: checkIn.addingTimeInterval(-86_400 * 3))
}

func sampleAccess(apartment: UUID) -> ApartmentAccessDetails {
    ApartmentAccessDetails(apartmentId: apartment, address: "ул. Кабанбай батыра, 11", entrance: "2", floor: 7,
                           apartmentNumber: "45", intercomCode: "45К7731", safeCode: "9184",
                           realtorPhone: "+77011234567", auditId: 1)
}

/// The apartment's public card as the catalog would answer it (no address).
func sampleCard(apartment: UUID, realtor: Int64 = 5005) -> ApartmentCard {
    ApartmentCard(id: apartment, realtorId: realtor, cityId: 1, cityName: "Алматы", districtId: 2,
                  districtName: "Алмалинский", apartmentClass: .comfort, rooms: 2, pricePerNightTiyn: 1_500_000,
                  description: "Светлая квартира", ratingAverage: nil, ratingCount: 0, isListed: true, photos: [])
}
