@testable import Catalog
import Contracts
import Database
import Foundation
import Logging
import Messaging
import TestSupport
import Testing

/// The catalog's subscriptions behind a real RabbitMQ, asked by a client bus as the gateway would.
@Suite struct CatalogRPCTests {
    /// A request with the search's type string but a payload that does not decode as `SearchApartments`.
    struct MalformedSearch: RPCRequest {
        typealias Response = ApartmentSearchResults
        static let messageType: MessageType = SearchApartments.messageType
        static let destination: ServiceName = .catalog
        var cityId: String
    }

    func busConfiguration(_ broker: TestBroker, service: ServiceName) throws -> BusConfiguration {
        try BusConfiguration(url: broker.amqpURL, service: service, retryDelays: [.milliseconds(100)],
                             rpcTimeout: .seconds(10))
    }

    /// Runs the catalog's bus (its real subscriptions) and a gateway-like client while `body` runs.
    func withCatalogBus(_ catalog: CatalogFixture, _ broker: TestBroker,
                        _ body: (MessageBus) async throws -> Void) async throws
    {
        let server = MessageBus(configuration: try busConfiguration(broker, service: .catalog),
                                subscriptions: CatalogApp.subscriptions(database: catalog.pool, inbox: Inbox(),
                                                                        configuration: catalog.configuration),
                                logger: testLogger)
        let client = MessageBus(configuration: try busConfiguration(broker, service: .gateway), logger: testLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            try await waitUntil("the catalog bus is connected") { server.isConnected }
            do {
                try await body(client)
            } catch {
                await client.shutdown()
                group.cancelAll()
                throw error
            }
            await client.shutdown()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    func remoteCode(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let RPCError.remote(code, _) {
            return code
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test func answersTheGatewaysQuestionsThroughTheBus() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 21, districtId: 204, apartmentClass: .business,
                                                            rooms: 2, priceTenge: 27_000)
            try await withTestVirtualHost { broker in
                try await withCatalogBus(catalog, broker) { bus in
                    let cities = try await bus.request(envelope(ListCities())).payload.cities
                    #expect(cities.map(\.id) == [1, 2, 3])

                    let districts = try await bus.request(envelope(ListDistricts(cityId: 2))).payload.districts
                    #expect(districts.count == 8)
                    #expect(districts.contains { $0.id == 204 && $0.name == "Бостандыкский" })

                    let request = envelope(SearchApartments(cityId: 2, districtId: 204, apartmentClass: .business))
                    let found = try await bus.request(request)
                    #expect(found.payload.apartments.map(\.id) == [apartment.id])
                    #expect(found.correlationId == request.correlationId && found.producer == .catalog)

                    let card = try await bus.request(envelope(GetApartmentCard(apartmentId: apartment.id, botId: 7)))
                    #expect(card.payload.photos.count == 6 && card.payload.districtName == "Бостандыкский")

                    let photoId = card.payload.photos[0].id
                    let photo = try await bus.request(envelope(GetApartmentPhoto(photoId: photoId))).payload
                    #expect(photo.mimeType == "image/png")
                    #expect(try PhotoImage(validating: photo.bytes).sha256 == photo.sha256)
                    #expect(photo.sha256 == apartment.photo(at: 1)?.sha256)

                    try await bus.send(envelope(RecordPhotoFileId(photoId: photoId, botId: 7, fileId: "AgACAgIAAxk")))
                    try await waitUntil("the file_id is recorded") {
                        let card = try await bus.request(envelope(GetApartmentCard(apartmentId: apartment.id, botId: 7)))
                        return card.payload.photos[0].telegramFileId == "AgACAgIAAxk"
                    }

                    let details = try await bus.request(envelope(RevealApartmentAccess(
                        apartmentId: apartment.id, requester: AccessRequester(role: .realtor, userId: 21),
                        purpose: .ownerView, channel: .telegram))).payload
                    #expect(details.intercomCode == "45К1234" && details.safeCode == "9876")
                }
            }
        }
    }

    @Test func refusalsAndBadRequestsArriveAsTypedErrors() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 21)
            try await withTestVirtualHost { broker in
                try await withCatalogBus(catalog, broker) { bus in
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(RevealApartmentAccess(
                            apartmentId: apartment.id, requester: AccessRequester(role: .realtor, userId: 22),
                            purpose: .ownerView, channel: .telegram)))
                    } == "forbidden")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(GetApartmentCard(apartmentId: UUID())))
                    } == "not_found")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(GetApartmentPhoto(photoId: UUID())))
                    } == "not_found")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(ListDistricts(cityId: 77)))
                    } == "not_found")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(SearchApartments(cityId: 2, rooms: 9)))
                    } == "bad_request")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(SearchApartments(cityId: 2, limit: 0)))
                    } == "bad_request")
                    #expect(await remoteCode {
                        _ = try await bus.request(envelope(MalformedSearch(cityId: "Алматы")))
                    } == "bad_request")
                    // After all that, the catalog still answers.
                    let found = try await bus.request(envelope(SearchApartments(cityId: 2))).payload.apartments
                    #expect(found.map(\.id) == [apartment.id])
                }
            }
        }
    }
}
