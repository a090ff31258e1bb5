// Pixel canvases drawn with text: Braille (2×4 dots per cell), half blocks
// (1×2 per cell, with colours) and an ASCII rendering of the Braille dots.

/// Something with addressable pixels; lines come for free.
public protocol PixelCanvas {
    var pixelWidth: Int { get }
    var pixelHeight: Int { get }
    mutating func set(x: Int, y: Int, color: Color?)
    mutating func clear(x: Int, y: Int)
    func isSet(x: Int, y: Int) -> Bool
}

extension PixelCanvas {
    /// A straight line (Bresenham), both ends included; pixels outside are ignored.
    public mutating func line(from a: Point, to b: Point, color: Color? = nil) {
        var x0 = a.x, y0 = a.y
        let dx = abs(b.x - x0), sx = x0 < b.x ? 1 : -1
        let dy = -abs(b.y - y0), sy = y0 < b.y ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x0, y: y0, color: color)
            if x0 == b.x && y0 == b.y { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    /// Sets a pixel without changing its colour.
    public mutating func set(x: Int, y: Int) { set(x: x, y: y, color: nil) }
}

/// A canvas of Braille cells: each cell holds 2×4 dots, so a `width`×`height` cell
/// canvas has `2·width`×`4·height` pixels. Each cell has one colour (the last one set in it).
public struct BrailleCanvas: PixelCanvas, Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Dot bits per cell (Unicode Braille order, see `dotBit`).
    public private(set) var dots: [UInt8]
    public private(set) var colors: [Color?]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        dots = Array(repeating: 0, count: self.width * self.height)
        colors = Array(repeating: nil, count: self.width * self.height)
    }

    public var pixelWidth: Int { width * 2 }
    public var pixelHeight: Int { height * 4 }

    /// The bit for the dot at column `dx` (0–1), row `dy` (0–3) within a cell:
    ///
    ///     dots   bits
    ///     1 4    0x01 0x08
    ///     2 5    0x02 0x10
    ///     3 6    0x04 0x20
    ///     7 8    0x40 0x80
    public static func dotBit(dx: Int, dy: Int) -> UInt8 {
        let table: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        return table[dx & 1][dy & 3]
    }

    public mutating func set(x: Int, y: Int, color: Color?) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let i = (y / 4) * width + x / 2
        dots[i] |= Self.dotBit(dx: x % 2, dy: y % 4)
        if let color { colors[i] = color }
    }

    public mutating func clear(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        dots[(y / 4) * width + x / 2] &= ~Self.dotBit(dx: x % 2, dy: y % 4)
    }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return false }
        return dots[(y / 4) * width + x / 2] & Self.dotBit(dx: x % 2, dy: y % 4) != 0
    }

    /// Sets the colour of the cell containing pixel (x, y).
    public mutating func setCellColor(x: Int, y: Int, _ color: Color?) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        colors[(y / 4) * width + x / 2] = color
    }

    public mutating func clearAll() {
        for i in dots.indices { dots[i] = 0; colors[i] = nil }
    }

    /// The Braille character of a cell (U+2800 when empty).
    public func character(cellX: Int, cellY: Int) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(dots[cellY * width + cellX]))!)
    }

    /// ASCII rendering of a cell's dots: ' ' none, '\'' top half only, '.' bottom
    /// half only, ':' both halves, '#' six or more dots.
    public func asciiCharacter(cellX: Int, cellY: Int) -> Character {
        let d = dots[cellY * width + cellX]
        if d == 0 { return " " }
        if d.nonzeroBitCount >= 6 { return "#" }
        let top = d & (0x01 | 0x02 | 0x08 | 0x10) != 0
        let bottom = d & (0x04 | 0x20 | 0x40 | 0x80) != 0
        if top && bottom { return ":" }
        return top ? "'" : "."
    }

    public enum Mode: Hashable, Sendable { case braille, ascii }

    /// Draws the canvas with its top-left cell at `origin`, clipped to `clip` (default: the
    /// buffer). Empty cells are left untouched when `transparent`, otherwise drawn as
    /// spaces in `style`. Dots use `style` with the cell colour as foreground.
    public func render(into buffer: inout Buffer, at origin: Point, style: Style = .plain,
                       mode: Mode = .braille, transparent: Bool = false, clip: Rect? = nil) {
        let bounds = (clip ?? buffer.area).intersection(buffer.area)
        for cy in 0..<height {
            for cx in 0..<width {
                let x = origin.x + cx, y = origin.y + cy
                guard bounds.contains(x: x, y: y) else { continue }
                let d = dots[cy * width + cx]
                if d == 0 {
                    if !transparent { buffer.put(" ", x: x, y: y, style: style) }
                    continue
                }
                var s = style
                if let c = colors[cy * width + cx] { s.fg = c }
                let ch = mode == .braille ? character(cellX: cx, cellY: cy) : asciiCharacter(cellX: cx, cellY: cy)
                buffer.put(String(ch), x: x, y: y, style: s)
            }
        }
    }
}

/// A canvas of half blocks: each cell holds two vertically stacked pixels with their
/// own colours (`▀` with fg = top and bg = bottom), so `width`×`height` cells have
/// `width`×`2·height` pixels.
public struct HalfBlockCanvas: PixelCanvas, Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// One optional colour per pixel (nil = empty).
    public private(set) var pixels: [Color?]
    /// Colour used by `set(x:y:color: nil)`.
    public var defaultColor: Color

    public init(width: Int, height: Int, defaultColor: Color = .default) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.defaultColor = defaultColor
        pixels = Array(repeating: nil, count: self.width * self.height * 2)
    }

    public var pixelWidth: Int { width }
    public var pixelHeight: Int { height * 2 }

    public mutating func set(x: Int, y: Int, color: Color?) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        pixels[y * width + x] = color ?? pixels[y * width + x] ?? defaultColor
    }

    public mutating func clear(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        pixels[y * width + x] = nil
    }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return false }
        return pixels[y * width + x] != nil
    }

    public func color(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return nil }
        return pixels[y * width + x]
    }

    /// The glyph and style for one cell: ' ' (empty), '▀' (top only, or two colours:
    /// fg top, bg bottom), '▄' (bottom only), '█' (both, same colour).
    public func cell(cellX: Int, cellY: Int, base: Style = .plain) -> (String, Style) {
        let top = pixels[(cellY * 2) * width + cellX]
        let bottom = pixels[(cellY * 2 + 1) * width + cellX]
        switch (top, bottom) {
        case (nil, nil): return (" ", base)
        case (let t?, nil): return ("▀", base.fg(t))
        case (nil, let b?): return ("▄", base.fg(b))
        case (let t?, let b?):
            if t == b { return ("█", base.fg(t)) }
            return ("▀", base.fg(t).bg(b))
        }
    }

    public func render(into buffer: inout Buffer, at origin: Point, style: Style = .plain,
                       transparent: Bool = false, clip: Rect? = nil) {
        let bounds = (clip ?? buffer.area).intersection(buffer.area)
        for cy in 0..<height {
            for cx in 0..<width {
                let x = origin.x + cx, y = origin.y + cy
                guard bounds.contains(x: x, y: y) else { continue }
                let (g, s) = cell(cellX: cx, cellY: cy, base: style)
                if g == " " && transparent { continue }
                buffer.put(g, x: x, y: y, style: s)
            }
        }
    }
}
