import CCairo
import Foundation

/// Why a demo picture could not be produced.
struct CairoError: Error, CustomStringConvertible {
    let description: String
}

/// A cairo RGB image surface with its drawing context: a thin, safe layer for the demo pictures.
///
/// Not `Sendable`: one canvas is created, drawn and encoded on one thread; cairo objects are never shared.
final class CairoCanvas {
    let width: Double
    let height: Double
    private let surface: OpaquePointer
    private let context: OpaquePointer

    init(width: Int, height: Int) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw CairoError(description: "cairo could not create a \(width)×\(height) surface")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw CairoError(description: "cairo could not create a drawing context")
        }
        self.surface = surface
        self.context = context
        self.width = Double(width)
        self.height = Double(height)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: Shapes

    func fillRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: RGB, alpha: Double = 1) {
        cairo_rectangle(context, x, y, w, h)
        fill(color, alpha: alpha)
    }

    func fillRoundedRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, radius: Double, _ color: RGB) {
        let r = min(radius, w / 2, h / 2)
        cairo_new_sub_path(context)
        cairo_arc(context, x + w - r, y + r, r, -.pi / 2, 0)
        cairo_arc(context, x + w - r, y + h - r, r, 0, .pi / 2)
        cairo_arc(context, x + r, y + h - r, r, .pi / 2, .pi)
        cairo_arc(context, x + r, y + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(context)
        fill(color)
    }

    func fillPolygon(_ points: [(Double, Double)], _ color: RGB, alpha: Double = 1) {
        guard let first = points.first else { return }
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_close_path(context)
        fill(color, alpha: alpha)
    }

    func fillEllipse(centerX: Double, centerY: Double, radiusX: Double, radiusY: Double, _ color: RGB,
                     alpha: Double = 1)
    {
        cairo_save(context)
        cairo_translate(context, centerX, centerY)
        cairo_scale(context, radiusX, radiusY)
        cairo_arc(context, 0, 0, 1, 0, 2 * .pi)
        cairo_restore(context)
        fill(color, alpha: alpha)
    }

    func strokeLine(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: RGB, width: Double) {
        cairo_move_to(context, x1, y1)
        cairo_line_to(context, x2, y2)
        cairo_set_source_rgb(context, color.r, color.g, color.b)
        cairo_set_line_width(context, width)
        cairo_stroke(context)
    }

    func strokeRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: RGB, width: Double) {
        cairo_rectangle(context, x, y, w, h)
        cairo_set_source_rgb(context, color.r, color.g, color.b)
        cairo_set_line_width(context, width)
        cairo_stroke(context)
    }

    /// A vertical linear gradient from `top` to `bottom` over the rectangle.
    func fillVerticalGradient(_ x: Double, _ y: Double, _ w: Double, _ h: Double, top: RGB, bottom: RGB) {
        guard let pattern = cairo_pattern_create_linear(x, y, x, y + h) else { return }
        cairo_pattern_add_color_stop_rgb(pattern, 0, top.r, top.g, top.b)
        cairo_pattern_add_color_stop_rgb(pattern, 1, bottom.r, bottom.g, bottom.b)
        cairo_rectangle(context, x, y, w, h)
        cairo_set_source(context, pattern)
        cairo_fill(context)
        cairo_pattern_destroy(pattern)
    }

    /// Restricts drawing to a rectangle while `body` runs.
    func clipped(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, x, y, w, h)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }

    // MARK: Text

    /// Draws `text` (UTF-8, Cyrillic included when the system has DejaVu or a similar font) with its baseline at
    /// `y`; returns the advance width.
    @discardableResult
    func text(_ text: String, x: Double, y: Double, size: Double, _ color: RGB, bold: Bool = false) -> Double {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        cairo_set_source_rgb(context, color.r, color.g, color.b)
        cairo_move_to(context, x, y)
        cairo_show_text(context, text)
        return textWidth(text, size: size, bold: bold)
    }

    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    // MARK: Output

    /// The picture as a PNG file.
    func pngData() throws -> Data {
        cairo_surface_flush(surface)
        let sink = PNGSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CairoError(description: "cairo could not encode the PNG (status \(status.rawValue))")
        }
        return sink.data
    }

    private func fill(_ color: RGB, alpha: Double = 1) {
        if alpha < 1 {
            cairo_set_source_rgba(context, color.r, color.g, color.b, alpha)
        } else {
            cairo_set_source_rgb(context, color.r, color.g, color.b)
        }
        cairo_fill(context)
    }
}

/// Collects the bytes cairo writes.
private final class PNGSink {
    var data = Data()
}
