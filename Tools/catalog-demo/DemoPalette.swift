import Contracts

/// Colours of one apartment's pictures: chosen by class (comfort: warm and light; business: greige, walnut and
/// navy; premium: deep walls, marble, velvet and brass), varied per apartment by its seed.
struct DemoPalette {
    var wall: RGB
    var floor: RGB
    var floorLine: RGB
    var ceiling: RGB
    var fabric: RGB
    var cushion: RGB
    var wood: RGB
    var metal: RGB
    var accent: RGB
    var tile: RGB
    var rug: RGB
    /// Premium floors are marble tiles, the others wood planks.
    var marbleFloor: Bool

    init(_ apartmentClass: ApartmentClass, random: inout DemoRandom) {
        switch apartmentClass {
        case .comfort:
            wall = random.pick([RGB(0.94, 0.90, 0.83), RGB(0.92, 0.93, 0.88), RGB(0.95, 0.88, 0.84)])
            floor = random.pick([RGB(0.80, 0.64, 0.45), RGB(0.76, 0.60, 0.42)])
            fabric = random.pick([RGB(0.55, 0.65, 0.72), RGB(0.62, 0.70, 0.58), RGB(0.78, 0.62, 0.50)])
            accent = random.pick([RGB(0.30, 0.62, 0.58), RGB(0.90, 0.62, 0.30), RGB(0.55, 0.45, 0.70)])
            wood = RGB(0.82, 0.70, 0.52)
            metal = RGB(0.75, 0.75, 0.76)
            tile = RGB(0.90, 0.93, 0.95)
            marbleFloor = false
        case .business:
            wall = random.pick([RGB(0.84, 0.83, 0.81), RGB(0.80, 0.83, 0.86), RGB(0.86, 0.82, 0.77)])
            floor = random.pick([RGB(0.52, 0.36, 0.24), RGB(0.45, 0.32, 0.22)])
            fabric = random.pick([RGB(0.28, 0.30, 0.34), RGB(0.20, 0.28, 0.42), RGB(0.42, 0.40, 0.38)])
            accent = random.pick([RGB(0.85, 0.65, 0.20), RGB(0.20, 0.45, 0.65), RGB(0.70, 0.30, 0.25)])
            wood = RGB(0.40, 0.28, 0.20)
            metal = RGB(0.35, 0.36, 0.38)
            tile = RGB(0.78, 0.80, 0.82)
            marbleFloor = false
        case .premium:
            wall = random.pick([RGB(0.16, 0.22, 0.30), RGB(0.14, 0.26, 0.22), RGB(0.30, 0.20, 0.24)])
            floor = random.pick([RGB(0.90, 0.89, 0.87), RGB(0.84, 0.82, 0.80)])
            fabric = random.pick([RGB(0.10, 0.40, 0.34), RGB(0.48, 0.12, 0.20), RGB(0.82, 0.78, 0.70)])
            accent = RGB(0.80, 0.64, 0.30)
            wood = RGB(0.25, 0.17, 0.12)
            metal = RGB(0.80, 0.64, 0.30)
            tile = RGB(0.92, 0.91, 0.89)
            marbleFloor = true
        }
        let light = random.double(0.96...1.04)
        wall = wall.shaded(light)
        floorLine = floor.shaded(marbleFloor ? 0.88 : 0.80)
        ceiling = wall.mixed(with: .white, 0.75)
        cushion = fabric.mixed(with: accent, 0.5)
        rug = accent.mixed(with: fabric, 0.4).shaded(random.double(0.9...1.05))
    }
}
