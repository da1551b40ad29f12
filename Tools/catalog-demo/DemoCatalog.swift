import Contracts
import Foundation

/// One apartment of the demo catalog, fully described (codes in plaintext: they are sealed when loaded).
public struct DemoApartment: Sendable, Equatable {
    /// Stable name (`almaty-bostandyk-2`); the apartment's id is derived from it.
    public let slug: String
    public let id: UUID
    public let realtorId: Int64
    public let cityId: Int
    public let cityName: String
    public let districtId: Int
    public let districtName: String
    public let apartmentClass: ApartmentClass
    public let rooms: Int
    public let pricePerNightTiyn: Int64
    public let address: String
    public let entrance: String
    public let floor: Int
    public let apartmentNumber: String
    public let intercomCode: String
    public let safeCode: String
    public let description: String
    public let realtorPhone: String
    /// Seeds the generated photos.
    public let seed: UInt64
}

/// The demo catalog: 46 apartments in every district of Астана, Алматы and Шымкент, every class and room count,
/// plausible prices (≈ 11 000 – 60 000 ₸ a night), Russian descriptions and addresses, codes and phones.
/// Deterministic: the same list on every run (stable slugs and ids), so loading is idempotent.
public enum DemoCatalog {
    /// Fictitious Telegram user ids of the demo realtors (above the range Telegram has handed out).
    public static let realtorIds: [Int64] = [9_100_000_001, 9_100_000_002, 9_100_000_003, 9_100_000_004, 9_100_000_005]

    struct DistrictInfo {
        let id: Int
        let slug: String
        let name: String
        let streets: [String]
        let nearby: String
    }

    struct CityInfo {
        let id: Int
        let slug: String
        let name: String
        /// Percent of the base price.
        let priceFactor: Int64
        let apartmentsPerDistrict: Int
        let realtors: [Int]
        let districts: [DistrictInfo]
    }

    static let cities: [CityInfo] = [
        CityInfo(id: 1, slug: "astana", name: "Астана", priceFactor: 100, apartmentsPerDistrict: 2, realtors: [0, 1],
                 districts: [
                     DistrictInfo(id: 101, slug: "almaty", name: "Алматы",
                                  streets: ["пр. Тауелсиздик", "ул. Жумабаева", "пр. Абылай хана"],
                                  nearby: "парк, школы и супермаркеты в шаговой доступности"),
                     DistrictInfo(id: 102, slug: "baikonur", name: "Байконур",
                                  streets: ["ул. Бейбитшилик", "ул. Ауэзова", "пр. Богенбай батыра"],
                                  nearby: "тихий зелёный двор, кофейни и остановки"),
                     DistrictInfo(id: 103, slug: "yesil", name: "Есиль",
                                  streets: ["пр. Кабанбай батыра", "ул. Сыганак", "пр. Мангилик Ел"],
                                  nearby: "набережная Есиля, «Хан Шатыр» и бизнес-центры левого берега"),
                     DistrictInfo(id: 104, slug: "nura", name: "Нура",
                                  streets: ["пр. Улы Дала", "пр. Туран", "ул. Хусейн бен Талал"],
                                  nearby: "новые кварталы, бульвар и детские площадки"),
                     DistrictInfo(id: 106, slug: "saraishyk", name: "Сарайшык",
                                  streets: ["ул. Айнаколь", "ул. Кордай", "ул. Таскескен"],
                                  nearby: "парки, новые школы и удобный выезд в центр"),
                     DistrictInfo(id: 105, slug: "saryarka", name: "Сарыарка",
                                  streets: ["пр. Сарыарка", "пр. Республики", "ул. Кенесары"],
                                  nearby: "старый центр города и железнодорожный вокзал"),
                 ]),
        CityInfo(id: 2, slug: "almaty", name: "Алматы", priceFactor: 110, apartmentsPerDistrict: 3, realtors: [2, 3],
                 districts: [
                     DistrictInfo(id: 201, slug: "alatau", name: "Алатауский",
                                  streets: ["ул. Рыскулова", "мкр. Шанырак-1", "мкр. Айгерим-2"],
                                  nearby: "новые жилые комплексы и большой рынок"),
                     DistrictInfo(id: 202, slug: "almaly", name: "Алмалинский",
                                  streets: ["ул. Толе би", "ул. Панфилова", "ул. Байтурсынова"],
                                  nearby: "кафе, театры и метро в центре города"),
                     DistrictInfo(id: 203, slug: "auezov", name: "Ауэзовский",
                                  streets: ["мкр. Жетысу-2", "ул. Жандосова", "мкр. Аксай-4"],
                                  nearby: "парки, торговые центры и станция метро"),
                     DistrictInfo(id: 204, slug: "bostandyk", name: "Бостандыкский",
                                  streets: ["пр. Аль-Фараби", "ул. Розыбакиева", "ул. Тимирязева"],
                                  nearby: "Ботанический сад, ТРЦ и вид на горы"),
                     DistrictInfo(id: 205, slug: "zhetysu", name: "Жетысуский",
                                  streets: ["пр. Райымбека", "ул. Бокейханова", "ул. Серикова"],
                                  nearby: "удобная транспортная развязка и рынки"),
                     DistrictInfo(id: 206, slug: "medeu", name: "Медеуский",
                                  streets: ["пр. Достык", "ул. Кунаева", "ул. Зенкова"],
                                  nearby: "парк 28 панфиловцев, Зелёный базар и дорога на Медеу"),
                     DistrictInfo(id: 207, slug: "nauryzbay", name: "Наурызбайский",
                                  streets: ["мкр. Калкаман-2", "мкр. Шугыла", "ул. Шаляпина"],
                                  nearby: "предгорья, чистый воздух и тишина"),
                     DistrictInfo(id: 208, slug: "turksib", name: "Турксибский",
                                  streets: ["ул. Майлина", "пр. Суюнбая", "ул. Бекмаханова"],
                                  nearby: "аэропорт в 10–15 минутах езды"),
                 ]),
        CityInfo(id: 3, slug: "shymkent", name: "Шымкент", priceFactor: 80, apartmentsPerDistrict: 2, realtors: [4],
                 districts: [
                     DistrictInfo(id: 301, slug: "abay", name: "Абайский",
                                  streets: ["пр. Абая", "ул. Капал батыра", "ул. Жангельдина"],
                                  nearby: "рынок, парк и спокойные улицы"),
                     DistrictInfo(id: 302, slug: "al-farabi", name: "Аль-Фарабийский",
                                  streets: ["пр. Тауке хана", "ул. Казыбек би", "пр. Республики"],
                                  nearby: "парк Независимости, набережная Кошкар-Ата и центр"),
                     DistrictInfo(id: 303, slug: "enbekshi", name: "Енбекшинский",
                                  streets: ["ул. Толе би", "пр. Байдибек би", "ул. Жандосова"],
                                  nearby: "магазины, кафе национальной кухни и остановки"),
                     DistrictInfo(id: 304, slug: "karatau", name: "Каратауский",
                                  streets: ["мкр. Нурсат", "мкр. Асар", "ул. Аргынбекова"],
                                  nearby: "новые микрорайоны, школы и супермаркеты"),
                     DistrictInfo(id: 305, slug: "turan", name: "Туран",
                                  streets: ["мкр. Туран", "ул. Рашидова", "мкр. Самал-3"],
                                  nearby: "тихие улицы с частными садами и удобный выезд из города"),
                 ]),
    ]

    static let realtorPhones = ["+7 701 555 01 01", "+7 702 555 02 02", "+7 705 555 03 03", "+7 707 555 04 04",
                                "+7 747 555 05 05"]

    /// Every demo apartment, in a stable order.
    public static let apartments: [DemoApartment] = cities.flatMap { city in
        var index = 0
        return city.districts.flatMap { district in
            (1...city.apartmentsPerDistrict).map { number in
                defer { index += 1 }
                return makeApartment(city: city, district: district, number: number, index: index)
            }
        }
    }

    private static let classes: [ApartmentClass] = [.comfort, .business, .premium]

    private static func makeApartment(city: CityInfo, district: DistrictInfo, number: Int, index: Int) -> DemoApartment {
        let slug = "\(city.slug)-\(district.slug)-\(number)"
        var random = DemoRandom(name: slug)
        // Cycling classes by 3 and rooms by 4 covers every pair within 12 apartments of a city.
        let apartmentClass = classes[index % 3]
        let rooms = index % 4 + 1
        let realtor = city.realtors[index % city.realtors.count]
        let floorRange: ClosedRange<Int> = switch apartmentClass {
        case .comfort: 2...9
        case .business: 4...16
        case .premium: 8...24
        }
        let floor = random.int(floorRange)
        let apartmentNumber = "\(floor * 4 + random.int(1...4))"
        let street = random.pick(district.streets)
        let house = "\(random.int(1...180))" + (random.bool(0.2) ? random.pick(["А", "Б", "/1", "/2"]) : "")
        let address = street.hasPrefix("мкр.") ? "\(street), дом \(house)" : "\(street), \(house)"
        return DemoApartment(
            slug: slug, id: DemoIdentifier.uuid("apartment:\(slug)"), realtorId: realtorIds[realtor],
            cityId: city.id, cityName: city.name, districtId: district.id, districtName: district.name,
            apartmentClass: apartmentClass, rooms: rooms,
            pricePerNightTiyn: price(apartmentClass, rooms: rooms, cityFactor: city.priceFactor, random: &random),
            address: address, entrance: "\(random.int(1...6))", floor: floor, apartmentNumber: apartmentNumber,
            intercomCode: "\(apartmentNumber)К\(random.int(1000...9999))", safeCode: "\(random.int(1000...9999))",
            description: description(apartmentClass, rooms: rooms, district: district),
            realtorPhone: realtorPhones[realtor], seed: random.next())
    }

    /// Multiples of 500 ₸, in tiyn: class base + rooms, times the city's factor, with a little variety.
    private static func price(_ apartmentClass: ApartmentClass, rooms: Int, cityFactor: Int64,
                              random: inout DemoRandom) -> Int64
    {
        let (base, perRoom): (Int64, Int64) = switch apartmentClass {
        case .comfort: (14_000, 3_500)
        case .business: (22_000, 5_000)
        case .premium: (32_000, 7_000)
        }
        let tenge = (base + perRoom * Int64(rooms - 1)) * cityFactor / 100 + Int64(random.int(0...4)) * 500
        return (tenge / 500) * 500 * 100
    }

    private static func description(_ apartmentClass: ApartmentClass, rooms: Int, district: DistrictInfo) -> String {
        let kind = ["однокомнатная", "двухкомнатная", "трёхкомнатная", "четырёхкомнатная"][rooms - 1]
        let opening = switch apartmentClass {
        case .comfort: "Уютная \(kind) квартира со свежим ремонтом."
        case .business: "Просторная \(kind) квартира бизнес-класса в новом жилом комплексе."
        case .premium: "Премиальная \(kind) квартира с дизайнерским интерьером и панорамными окнами."
        }
        let amenities = switch apartmentClass {
        case .comfort: "Двуспальная кровать, Wi‑Fi, стиральная машина, кухня со всем необходимым."
        case .business: "Кровать king-size, быстрый Wi‑Fi, кофемашина, рабочее место, подземный паркинг."
        case .premium:
            "Кровать king-size с ортопедическим матрасом, Smart TV, посудомоечная машина, консьерж и охраняемая территория."
        }
        let guests = rooms == 1 ? "Подойдёт для одного-двух гостей." : "До \(rooms * 2) гостей — удобно для семьи или компании."
        return """
            \(opening) Рядом: \(district.nearby). \(amenities) \(guests) Чистое бельё и полотенца. \
            Заселение с 14:00, выезд до 12:00. Без вечеринок, не курить.
            """
    }
}
