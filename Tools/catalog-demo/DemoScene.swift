import Contracts
import Foundation

/// One picture: a room in one-point perspective (back wall, side walls, ceiling, floor) and its furniture.
struct DemoScene {
    let canvas: CairoCanvas
    let palette: DemoPalette
    let cityId: Int
    let apartmentClass: ApartmentClass

    var w: Double { canvas.width }
    var h: Double { canvas.height }

    /// The back wall's rectangle.
    struct Room {
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    // MARK: The room shell

    func shell(_ random: inout DemoRandom, tiledWalls: Bool = false, tiledFloor: Bool = false) -> Room {
        let room = Room(left: random.double(270...340), right: random.double(940...1010),
                        top: random.double(130...170), bottom: random.double(600...640))
        let wall = tiledWalls ? palette.tile : palette.wall
        canvas.fillPolygon([(0, 0), (w, 0), (room.right, room.top), (room.left, room.top)], palette.ceiling)
        canvas.fillPolygon([(0, 0), (room.left, room.top), (room.left, room.bottom), (0, h)], wall.shaded(0.86))
        canvas.fillPolygon([(w, 0), (w, h), (room.right, room.bottom), (room.right, room.top)], wall.shaded(0.80))
        canvas.fillRect(room.left, room.top, room.width, room.height, wall)
        let floorColor = tiledFloor ? palette.tile.shaded(0.9) : palette.floor
        canvas.fillPolygon([(room.left, room.bottom), (room.right, room.bottom), (w, h), (0, h)], floorColor)
        // Floor joints converge to the vanishing point; tiles and marble also get cross joints.
        let planks = tiledFloor || palette.marbleFloor ? 8 : 14
        let joint = tiledFloor ? palette.tile.shaded(0.78) : palette.floorLine
        for index in 0...planks {
            let t = Double(index) / Double(planks)
            canvas.strokeLine(room.left + t * room.width, room.bottom, t * w, h, joint, width: 2)
        }
        if tiledFloor || palette.marbleFloor {
            var depth = room.bottom
            var step = 14.0
            while depth < h {
                let t = (depth - room.bottom) / (h - room.bottom)
                canvas.strokeLine(room.left * (1 - t), depth, room.right + (w - room.right) * t, depth, joint,
                                  width: 2)
                depth += step
                step *= 1.45
            }
        }
        if tiledWalls {
            var y = room.top
            while y < room.bottom {
                canvas.strokeLine(room.left, y, room.right, y, palette.tile.shaded(0.85), width: 1.5)
                y += 36
            }
            var x = room.left
            while x < room.right {
                canvas.strokeLine(x, room.top, x, room.bottom, palette.tile.shaded(0.85), width: 1.5)
                x += 36
            }
        }
        // Skirting board and the corner lines.
        canvas.fillRect(room.left, room.bottom - 10, room.width, 10, palette.wall.mixed(with: .white, 0.5))
        canvas.strokeLine(room.left, room.top, room.left, room.bottom, wall.shaded(0.7), width: 2)
        canvas.strokeLine(room.right, room.top, room.right, room.bottom, wall.shaded(0.7), width: 2)
        // A ceiling lamp.
        let lampX = (room.left + room.right) / 2
        canvas.strokeLine(lampX, 0, lampX, room.top - 30, palette.metal, width: 3)
        canvas.fillEllipse(centerX: lampX, centerY: room.top - 20, radiusX: 46, radiusY: 18, palette.accent)
        canvas.fillEllipse(centerX: lampX, centerY: room.top - 6, radiusX: 30, radiusY: 7, RGB(1, 0.95, 0.8))
        return room
    }

    // MARK: Scenes

    func livingRoom(_ random: inout DemoRandom) {
        let room = shell(&random)
        let windowX = room.left + room.width * random.double(0.08...0.18)
        window(x: windowX, y: room.top + 40, width: room.width * 0.34, height: room.height * 0.55, &random)
        picture(x: room.left + room.width * 0.62, y: room.top + 60, width: 170, height: 120, &random)
        // Rug, sofa, coffee table.
        canvas.fillPolygon([(room.left + 60, room.bottom + 40), (room.right - 60, room.bottom + 40),
                            (room.right + 40, room.bottom + 230), (room.left - 40, room.bottom + 230)], palette.rug)
        let sofaX = room.left + room.width * random.double(0.18...0.28)
        let sofaWidth = room.width * 0.55
        sofa(x: sofaX, bottom: room.bottom + 20, width: sofaWidth)
        canvas.fillRoundedRect(room.left + room.width * 0.3, room.bottom + 150, room.width * 0.4, 26, radius: 6,
                               palette.wood)
        canvas.fillRect(room.left + room.width * 0.33, room.bottom + 176, 14, 60, palette.wood.shaded(0.7))
        canvas.fillRect(room.left + room.width * 0.67 - 14, room.bottom + 176, 14, 60, palette.wood.shaded(0.7))
        canvas.fillEllipse(centerX: room.left + room.width * 0.45, centerY: room.bottom + 146, radiusX: 26,
                           radiusY: 10, palette.accent)
        // Television on the right wall and a plant.
        canvas.fillPolygon([(room.right + 60, room.top + 120), (room.right + 190, room.top + 80),
                            (room.right + 190, room.top + 300), (room.right + 60, room.top + 290)], RGB(0.08, 0.08, 0.1))
        plant(x: room.left - 120, bottom: h - 120, scale: 1.4, &random)
        floorLamp(x: room.right - 50, bottom: room.bottom + 30)
    }

    func bedroom(_ random: inout DemoRandom) {
        let room = shell(&random)
        window(x: room.right - room.width * 0.28, y: room.top + 50, width: room.width * 0.22,
               height: room.height * 0.5, &random)
        picture(x: room.left + room.width * 0.28, y: room.top + 40, width: room.width * 0.3, height: 90, &random)
        let bedLeft = room.left + room.width * random.double(0.18...0.24)
        let bedWidth = room.width * 0.5
        // Headboard against the back wall, the bed coming towards us.
        canvas.fillRoundedRect(bedLeft, room.bottom - 210, bedWidth, 200, radius: 14, palette.fabric.shaded(0.8))
        canvas.fillPolygon([(bedLeft, room.bottom - 40), (bedLeft + bedWidth, room.bottom - 40),
                            (bedLeft + bedWidth + 120, h - 40), (bedLeft - 120, h - 40)], RGB(0.97, 0.97, 0.96))
        canvas.fillPolygon([(bedLeft - 30, room.bottom + 90), (bedLeft + bedWidth + 30, room.bottom + 90),
                            (bedLeft + bedWidth + 120, h - 40), (bedLeft - 120, h - 40)], palette.fabric)
        canvas.fillRect(bedLeft - 120, h - 40, bedWidth + 240, 40, palette.wood.shaded(0.8))
        for offset in [0.08, 0.54] {
            canvas.fillRoundedRect(bedLeft + bedWidth * offset, room.bottom - 70, bedWidth * 0.38, 60, radius: 20,
                                   palette.cushion.mixed(with: .white, 0.6))
        }
        // Nightstands with lamps.
        for x in [bedLeft - 110, bedLeft + bedWidth + 20] {
            canvas.fillRect(x, room.bottom - 80, 90, 90, palette.wood)
            canvas.fillRect(x + 40, room.bottom - 130, 8, 50, palette.metal)
            canvas.fillPolygon([(x + 20, room.bottom - 130), (x + 70, room.bottom - 130), (x + 60, room.bottom - 170),
                                (x + 30, room.bottom - 170)], RGB(1, 0.93, 0.78))
        }
        // A wardrobe on the left wall.
        canvas.fillPolygon([(40, 150), (room.left - 30, room.top + 40), (room.left - 30, room.bottom - 20),
                            (40, h - 150)], palette.wood.shaded(0.9))
        canvas.strokeLine((40 + room.left - 30) / 2, 120, (40 + room.left - 30) / 2, h - 110, palette.wood.shaded(0.6),
                          width: 3)
    }

    func kitchen(_ random: inout DemoRandom) {
        let room = shell(&random, tiledFloor: apartmentClass == .comfort)
        window(x: room.left + room.width * 0.38, y: room.top + 40, width: room.width * 0.24, height: room.height * 0.34,
               &random)
        // Backsplash, counter and cabinets along the back wall.
        let counterTop = room.bottom - 170
        canvas.fillRect(room.left, counterTop - 120, room.width, 120, palette.tile)
        var x = room.left
        while x < room.right {
            canvas.strokeLine(x, counterTop - 120, x, counterTop, palette.tile.shaded(0.85), width: 1)
            x += 30
        }
        canvas.fillRect(room.left, counterTop, room.width, 18, palette.metal.mixed(with: .white, 0.3))
        canvas.fillRect(room.left, counterTop + 18, room.width, 152, palette.accent.mixed(with: palette.wall, 0.35))
        let doors = random.int(5...7)
        for index in 0..<doors {
            let doorWidth = room.width / Double(doors)
            let left = room.left + Double(index) * doorWidth
            canvas.strokeRect(left + 4, counterTop + 24, doorWidth - 8, 140, palette.accent.shaded(0.7), width: 2)
            canvas.fillRect(left + doorWidth / 2 - 12, counterTop + 36, 24, 5, palette.metal)
        }
        // Upper cabinets left and right of the window.
        canvas.fillRect(room.left, room.top + 20, room.width * 0.34, 140, palette.accent.mixed(with: palette.wall, 0.5))
        canvas.fillRect(room.right - room.width * 0.34, room.top + 20, room.width * 0.34, 140,
                        palette.accent.mixed(with: palette.wall, 0.5))
        // Hob and sink.
        let hobX = room.left + room.width * 0.2
        for (dx, dy) in [(0.0, 0.0), (60.0, 0.0), (0.0, -1.0), (60.0, -1.0)] {
            canvas.fillEllipse(centerX: hobX + dx, centerY: counterTop + 6 + dy * 6, radiusX: 22, radiusY: 5,
                               RGB(0.12, 0.12, 0.12))
        }
        canvas.fillRect(room.left + room.width * 0.62, counterTop + 2, 120, 10, palette.metal.shaded(0.8))
        canvas.strokeLine(room.left + room.width * 0.62 + 60, counterTop, room.left + room.width * 0.62 + 60,
                          counterTop - 60, palette.metal, width: 5)
        // Fridge on the right wall, table and chairs in front.
        canvas.fillPolygon([(room.right + 20, room.top + 10), (room.right + 180, room.top - 50),
                            (room.right + 180, room.bottom + 80), (room.right + 20, room.bottom + 10)],
                           palette.metal.mixed(with: .white, 0.5))
        let tableY = room.bottom + 140
        canvas.fillEllipse(centerX: w / 2, centerY: tableY, radiusX: 220, radiusY: 60, palette.wood)
        canvas.fillRect(w / 2 - 10, tableY, 20, 150, palette.wood.shaded(0.7))
        for side in [-1.0, 1.0] {
            canvas.fillRoundedRect(w / 2 + side * 300 - 50, tableY - 90, 100, 110, radius: 12, palette.fabric)
            canvas.fillRect(w / 2 + side * 300 - 40, tableY + 20, 10, 110, palette.metal)
            canvas.fillRect(w / 2 + side * 300 + 30, tableY + 20, 10, 110, palette.metal)
        }
        canvas.fillEllipse(centerX: w / 2 + random.double(-60...60), centerY: tableY - 10, radiusX: 40, radiusY: 14,
                           palette.accent)
    }

    func bathroom(_ random: inout DemoRandom) {
        let room = shell(&random, tiledWalls: true, tiledFloor: true)
        // Bathtub along the back wall, a sink with a mirror on the right.
        let tubLeft = room.left + 20
        let tubWidth = room.width * random.double(0.5...0.58)
        canvas.fillRoundedRect(tubLeft, room.bottom - 150, tubWidth, 150, radius: 24, RGB(0.98, 0.98, 0.98))
        canvas.fillRoundedRect(tubLeft + 16, room.bottom - 140, tubWidth - 32, 30, radius: 12, RGB(0.75, 0.87, 0.93))
        canvas.strokeLine(tubLeft + 60, room.bottom - 150, tubLeft + 60, room.top + 80, palette.metal, width: 5)
        canvas.fillEllipse(centerX: tubLeft + 60, centerY: room.top + 80, radiusX: 34, radiusY: 12, palette.metal)
        let sinkX = room.left + room.width * 0.7
        canvas.fillRect(sinkX, room.bottom - 230, room.width * 0.26, 30, palette.tile.mixed(with: palette.wood, 0.2))
        canvas.fillRect(sinkX, room.bottom - 200, room.width * 0.26, 190, palette.wood)
        canvas.fillRoundedRect(sinkX + 20, room.top + 40, room.width * 0.26 - 40, 200, radius: 16,
                               RGB(0.80, 0.88, 0.92))
        canvas.strokeLine(sinkX + 40, room.top + 70, sinkX + 90, room.top + 50, .white, width: 5)
        // Towels and a bath mat.
        canvas.fillRect(room.left - 90, room.top + 120, 16, 160, palette.metal)
        canvas.fillPolygon([(room.left - 150, room.top + 140), (room.left - 80, room.top + 130),
                            (room.left - 80, room.top + 330), (room.left - 150, room.top + 350)], palette.accent)
        canvas.fillPolygon([(tubLeft + 40, room.bottom + 40), (tubLeft + tubWidth - 40, room.bottom + 40),
                            (tubLeft + tubWidth, room.bottom + 140), (tubLeft, room.bottom + 140)], palette.rug)
        plant(x: room.right + 80, bottom: room.bottom + 160, scale: 0.8, &random)
    }

    func hallway(_ random: inout DemoRandom) {
        let room = shell(&random)
        // The entrance door in the back wall.
        let doorX = room.left + room.width * random.double(0.38...0.46)
        canvas.fillRect(doorX - 10, room.bottom - 380, 180, 380, palette.wall.shaded(0.7))
        canvas.fillRect(doorX, room.bottom - 370, 160, 370, palette.wood.shaded(0.85))
        canvas.strokeRect(doorX + 20, room.bottom - 340, 120, 140, palette.wood.shaded(0.65), width: 3)
        canvas.strokeRect(doorX + 20, room.bottom - 180, 120, 150, palette.wood.shaded(0.65), width: 3)
        canvas.fillEllipse(centerX: doorX + 140, centerY: room.bottom - 190, radiusX: 7, radiusY: 7, palette.metal)
        // Coat rack with coats, a mirror, a shoe cabinet and a runner.
        let rackX = room.left + 40
        canvas.fillRect(rackX, room.top + 90, room.width * 0.3, 10, palette.wood)
        for index in 0..<3 {
            let x = rackX + 30 + Double(index) * 70
            canvas.fillRoundedRect(x, room.top + 100, 54, 180, radius: 18,
                                   index == 1 ? palette.accent : palette.fabric.shaded(0.9 + Double(index) * 0.1))
        }
        canvas.fillRect(rackX, room.bottom - 100, room.width * 0.3, 100, palette.wood.shaded(0.9))
        let mirrorX = room.right - room.width * 0.22
        canvas.fillRoundedRect(mirrorX, room.top + 40, room.width * 0.16, 300, radius: 60, palette.metal)
        canvas.fillRoundedRect(mirrorX + 8, room.top + 48, room.width * 0.16 - 16, 284, radius: 54,
                               RGB(0.82, 0.89, 0.93))
        canvas.fillPolygon([(doorX - 20, room.bottom + 10), (doorX + 180, room.bottom + 10), (doorX + 300, h),
                            (doorX - 140, h)], palette.rug)
        plant(x: room.right + 60, bottom: room.bottom + 140, scale: 1.1, &random)
    }

    /// The view from the window: a big window frame around the city.
    func view(_ random: inout DemoRandom) {
        canvas.fillRect(0, 0, w, h, palette.wall)
        let frameX = 90.0, frameY = 70.0, frameWidth = w - 180, frameHeight = h - 250
        canvas.clipped(frameX, frameY, frameWidth, frameHeight) {
            cityscape(x: frameX, y: frameY, width: frameWidth, height: frameHeight, detailed: true, &random)
        }
        let frame = palette.marbleFloor ? palette.metal : RGB(0.96, 0.96, 0.96)
        canvas.strokeRect(frameX, frameY, frameWidth, frameHeight, frame, width: 22)
        canvas.strokeLine(w / 2, frameY, w / 2, frameY + frameHeight, frame, width: 16)
        // Sill, a cup and a plant.
        canvas.fillRect(40, frameY + frameHeight + 10, w - 80, 36, palette.wood.mixed(with: .white, 0.3))
        canvas.fillRect(40, frameY + frameHeight + 46, w - 80, 12, palette.wood.shaded(0.7))
        canvas.fillRoundedRect(260, frameY + frameHeight - 40, 44, 52, radius: 8, palette.accent)
        plant(x: w - 300, bottom: frameY + frameHeight + 12, scale: 1.0, &random)
    }

    // MARK: Furniture and details

    func window(x: Double, y: Double, width: Double, height: Double, _ random: inout DemoRandom) {
        canvas.clipped(x, y, width, height) {
            cityscape(x: x, y: y, width: width, height: height, detailed: false, &random)
        }
        let frame = RGB(0.97, 0.97, 0.97)
        canvas.strokeRect(x, y, width, height, frame, width: 12)
        canvas.strokeLine(x + width / 2, y, x + width / 2, y + height, frame, width: 8)
        canvas.fillRect(x - 20, y + height, width + 40, 14, frame.shaded(0.92))
        // Curtains.
        canvas.fillRect(x - 50, y - 20, 44, height + 60, palette.fabric.mixed(with: .white, 0.3))
        canvas.fillRect(x + width + 6, y - 20, 44, height + 60, palette.fabric.mixed(with: .white, 0.3))
    }

    /// Sky, mountains (Алматы: snowy peaks; Шымкент: hills), buildings with lit windows, a river for Астана.
    func cityscape(x: Double, y: Double, width: Double, height: Double, detailed: Bool, _ random: inout DemoRandom) {
        let sunset = random.bool(0.35)
        canvas.fillVerticalGradient(x, y, width, height,
                                    top: sunset ? RGB(0.35, 0.30, 0.55) : RGB(0.38, 0.62, 0.90),
                                    bottom: sunset ? RGB(0.98, 0.66, 0.42) : RGB(0.82, 0.90, 0.97))
        let horizon = y + height * 0.62
        switch cityId {
        case 2:
            var peakX = x - 80
            while peakX < x + width {
                let peakWidth = random.double(220...360)
                let peakTop = y + height * random.double(0.12...0.3)
                canvas.fillPolygon([(peakX, horizon), (peakX + peakWidth / 2, peakTop), (peakX + peakWidth, horizon)],
                                   RGB(0.40, 0.46, 0.56))
                canvas.fillPolygon([(peakX + peakWidth * 0.38, peakTop + (horizon - peakTop) * 0.25),
                                    (peakX + peakWidth / 2, peakTop),
                                    (peakX + peakWidth * 0.62, peakTop + (horizon - peakTop) * 0.25)], .white)
                peakX += peakWidth * 0.7
            }
        case 3:
            canvas.fillEllipse(centerX: x + width * 0.3, centerY: horizon, radiusX: width * 0.45,
                               radiusY: height * 0.16, RGB(0.55, 0.62, 0.45))
            canvas.fillEllipse(centerX: x + width * 0.8, centerY: horizon, radiusX: width * 0.4,
                               radiusY: height * 0.12, RGB(0.50, 0.58, 0.42))
        default:
            break
        }
        // Buildings.
        var buildingX = x - 10
        while buildingX < x + width {
            let buildingWidth = random.double(detailed ? 50...120 : 30...70)
            let top = horizon - height * random.double(0.08...(cityId == 1 ? 0.5 : 0.35))
            let shade = random.double(0.55...0.85)
            let facade = sunset ? RGB(0.30, 0.26, 0.36).shaded(shade + 0.3) : RGB(0.55, 0.60, 0.68).shaded(shade + 0.2)
            canvas.fillRect(buildingX, top, buildingWidth, y + height - top, facade)
            if detailed {
                var windowY = top + 12
                while windowY < y + height - 20 {
                    var windowX = buildingX + 8
                    while windowX < buildingX + buildingWidth - 14 {
                        if random.bool(sunset ? 0.45 : 0.25) {
                            canvas.fillRect(windowX, windowY, 8, 11, sunset ? RGB(1, 0.85, 0.5) : RGB(0.85, 0.92, 1))
                        }
                        windowX += 16
                    }
                    windowY += 22
                }
            }
            buildingX += buildingWidth + random.double(4...16)
        }
        if cityId == 1 {
            // A tall landmark tower with a golden sphere, and the river.
            let towerX = x + width * random.double(0.55...0.75)
            canvas.fillPolygon([(towerX - 10, horizon), (towerX - 4, y + height * 0.2), (towerX + 4, y + height * 0.2),
                                (towerX + 10, horizon)], RGB(0.92, 0.92, 0.94))
            canvas.fillEllipse(centerX: towerX, centerY: y + height * 0.18, radiusX: 16, radiusY: 16,
                               RGB(0.95, 0.75, 0.30))
            canvas.fillRect(x, y + height * 0.9, width, height * 0.1, RGB(0.35, 0.55, 0.70))
        }
    }

    func sofa(x: Double, bottom: Double, width: Double) {
        canvas.fillRoundedRect(x, bottom - 190, width, 110, radius: 22, palette.fabric.shaded(0.85))
        canvas.fillRoundedRect(x - 20, bottom - 110, width + 40, 90, radius: 18, palette.fabric)
        canvas.fillRoundedRect(x - 40, bottom - 150, 60, 130, radius: 20, palette.fabric.shaded(0.9))
        canvas.fillRoundedRect(x + width - 20, bottom - 150, 60, 130, radius: 20, palette.fabric.shaded(0.9))
        canvas.fillRoundedRect(x + 30, bottom - 170, 90, 70, radius: 16, palette.cushion)
        canvas.fillRoundedRect(x + width - 120, bottom - 170, 90, 70, radius: 16, palette.cushion)
        canvas.fillRect(x, bottom - 20, 12, 20, palette.wood.shaded(0.6))
        canvas.fillRect(x + width - 12, bottom - 20, 12, 20, palette.wood.shaded(0.6))
    }

    func picture(x: Double, y: Double, width: Double, height: Double, _ random: inout DemoRandom) {
        canvas.fillRect(x - 8, y - 8, width + 16, height + 16, palette.marbleFloor ? palette.metal : palette.wood)
        canvas.fillRect(x, y, width, height, RGB(0.97, 0.96, 0.93))
        for _ in 0..<3 {
            let radius = random.double(14...40)
            canvas.fillEllipse(centerX: x + random.double(radius...(width - radius)),
                               centerY: y + random.double(radius...(height - radius)), radiusX: radius, radiusY: radius,
                               palette.accent.mixed(with: palette.fabric, random.double(0...1)), alpha: 0.85)
        }
    }

    func plant(x: Double, bottom: Double, scale: Double, _ random: inout DemoRandom) {
        let leaf = RGB(0.22, 0.50, 0.30).shaded(random.double(0.85...1.1))
        for _ in 0..<7 {
            canvas.fillEllipse(centerX: x + random.double(-40...40) * scale, centerY: bottom - random.double(90...170) * scale,
                               radiusX: 26 * scale, radiusY: 52 * scale, leaf)
        }
        canvas.fillPolygon([(x - 40 * scale, bottom - 80 * scale), (x + 40 * scale, bottom - 80 * scale),
                            (x + 30 * scale, bottom), (x - 30 * scale, bottom)], palette.accent.shaded(0.8))
    }

    func floorLamp(x: Double, bottom: Double) {
        canvas.fillEllipse(centerX: x, centerY: bottom, radiusX: 36, radiusY: 10, palette.metal)
        canvas.fillRect(x - 3, bottom - 330, 6, 330, palette.metal)
        canvas.fillPolygon([(x - 50, bottom - 330), (x + 50, bottom - 330), (x + 34, bottom - 400), (x - 34, bottom - 400)],
                           RGB(1, 0.94, 0.80))
    }

    // MARK: Caption

    func caption(_ text: String) {
        canvas.fillRect(0, h - 64, w, 64, .black, alpha: 0.55)
        canvas.text(text, x: 28, y: h - 22, size: 30, .white, bold: true)
        let mark = "ЖильеGO · демо"
        canvas.text(mark, x: w - 28 - canvas.textWidth(mark, size: 22), y: h - 24, size: 22, RGB(0.85, 0.85, 0.85))
    }
}
