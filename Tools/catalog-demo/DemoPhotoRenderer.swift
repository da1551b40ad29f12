import Contracts
import Foundation

/// Draws the six demo photos of an apartment with cairo: stylised interiors (living room, bedroom, kitchen,
/// bathroom, hallway) and the view from the window, in the class's palette, varied by the apartment's seed, with
/// a caption (district, room, «Фото n/6»). Deterministic: the same apartment gives the same bytes.
enum DemoPhotoRenderer {
    static let width = 1280
    static let height = 960
    static let roomNames = ["Гостиная", "Спальня", "Кухня", "Ванная", "Прихожая", "Вид из окна"]

    /// The six PNG files of `apartment`, positions 1…6. CPU-bound: call it off the cooperative pool
    /// (``renderAll(_:threads:)`` does).
    static func render(_ apartment: DemoApartment) throws -> [Data] {
        try (1...roomNames.count).map { position in
            var random = DemoRandom(seed: apartment.seed &+ UInt64(position) &* 0x9E37_79B9)
            var paletteRandom = DemoRandom(seed: apartment.seed)
            let palette = DemoPalette(apartment.apartmentClass, random: &paletteRandom)
            let canvas = try CairoCanvas(width: width, height: height)
            let scene = DemoScene(canvas: canvas, palette: palette, cityId: apartment.cityId,
                              apartmentClass: apartment.apartmentClass)
            switch position {
            case 1: scene.livingRoom(&random)
            case 2: scene.bedroom(&random)
            case 3: scene.kitchen(&random)
            case 4: scene.bathroom(&random)
            case 5: scene.hallway(&random)
            default: scene.view(&random)
            }
            scene.caption("\(apartment.districtName) · \(roomNames[position - 1]) · Фото \(position)/\(roomNames.count)")
            return try canvas.pngData()
        }
    }

    /// Renders the photos of every apartment on `threads` dedicated threads (never on Swift's cooperative pool:
    /// cairo is CPU-bound C code). Returns them by apartment id.
    static func renderAll(_ apartments: [DemoApartment], threads: Int = 2) async throws -> [UUID: [Data]] {
        let chunks = (0..<max(1, threads)).map { index in
            apartments.enumerated().filter { $0.offset % max(1, threads) == index }.map(\.element)
        }
        return try await withThrowingTaskGroup(of: [(UUID, [Data])].self) { group in
            for (index, chunk) in chunks.enumerated() where !chunk.isEmpty {
                group.addTask {
                    try await onDedicatedThread(name: "demo-photos-\(index)") {
                        try chunk.map { ($0.id, try render($0)) }
                    }
                }
            }
            var result: [UUID: [Data]] = [:]
            for try await rendered in group {
                for (id, photos) in rendered { result[id] = photos }
            }
            return result
        }
    }
}
