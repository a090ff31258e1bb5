// Geometry: sizes, points and rectangles in terminal cells.
// Coordinates are zero-based; x grows to the right, y grows downwards.
// Rect's maxX/maxY are exclusive, so `Rect(x: 0, y: 0, width: 80, height: 24)`
// covers columns 0...79 and rows 0...23.

public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public init(_ width: Int, _ height: Int) {
        self.init(width: width, height: height)
    }

    public static let zero = Size(width: 0, height: 0)

    /// Number of cells (0 for negative dimensions).
    public var area: Int { max(0, width) * max(0, height) }

    /// True when both dimensions are at least those of `other`.
    public func covers(_ other: Size) -> Bool { width >= other.width && height >= other.height }

    /// "80×24"
    public var description: String { "\(width)×\(height)" }
}

public struct Point: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public init(_ x: Int, _ y: Int) {
        self.init(x: x, y: y)
    }

    public static let zero = Point(x: 0, y: 0)

    public var description: String { "(\(x),\(y))" }
}

public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    /// Never negative.
    public var width: Int { didSet { if width < 0 { width = 0 } } }
    /// Never negative.
    public var height: Int { didSet { if height < 0 { height = 0 } } }

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(origin: Point, size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    /// A rect at the origin with the given size.
    public init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var origin: Point { Point(x: x, y: y) }
    public var size: Size { Size(width: width, height: height) }
    public var minX: Int { x }
    public var minY: Int { y }
    /// Exclusive.
    public var maxX: Int { x + width }
    /// Exclusive.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var area: Int { width * height }

    public func contains(_ p: Point) -> Bool {
        p.x >= x && p.x < maxX && p.y >= y && p.y < maxY
    }

    public func contains(x px: Int, y py: Int) -> Bool { contains(Point(x: px, y: py)) }

    /// True when `other` lies entirely inside this rect (an empty rect is inside anything).
    public func contains(_ other: Rect) -> Bool {
        if other.isEmpty { return true }
        return other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    /// The overlapping part; an empty rect (width or height 0) when they don't overlap.
    public func intersection(_ other: Rect) -> Rect {
        let nx = Swift.max(x, other.x)
        let ny = Swift.max(y, other.y)
        let mx = Swift.min(maxX, other.maxX)
        let my = Swift.min(maxY, other.maxY)
        if mx <= nx || my <= ny { return Rect(x: nx, y: ny, width: 0, height: 0) }
        return Rect(x: nx, y: ny, width: mx - nx, height: my - ny)
    }

    public func intersects(_ other: Rect) -> Bool { !intersection(other).isEmpty }

    /// Shrinks by `n` on every side (never below zero size).
    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// Shrinks by `dx` on left and right and `dy` on top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect { inset(top: dy, left: dx, bottom: dy, right: dx) }

    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let w = Swift.max(0, width - left - right)
        let h = Swift.max(0, height - top - bottom)
        return Rect(x: x + Swift.min(left, width), y: y + Swift.min(top, height), width: w, height: h)
    }

    /// Splits off `rows` rows from the top (clamped to the height).
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let r = Swift.min(Swift.max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r),
                Rect(x: x, y: y + r, width: width, height: height - r))
    }

    /// Splits off `rows` rows from the bottom (clamped to the height).
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let r = Swift.min(Swift.max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - r),
                Rect(x: x, y: maxY - r, width: width, height: r))
    }

    /// Splits off `columns` columns from the left (clamped to the width).
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let c = Swift.min(Swift.max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height),
                Rect(x: x + c, y: y, width: width - c, height: height))
    }

    /// Splits off `columns` columns from the right (clamped to the width).
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let c = Swift.min(Swift.max(0, columns), width)
        return (Rect(x: x, y: y, width: width - c, height: height),
                Rect(x: maxX - c, y: y, width: c, height: height))
    }

    /// A rect of the given size centred in this one, clamped so it never exceeds this rect.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = Swift.min(Swift.max(0, w), width)
        let ch = Swift.min(Swift.max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// One row of this rect (relative index), or an empty rect when out of range.
    public func row(_ i: Int) -> Rect {
        guard i >= 0, i < height else { return Rect(x: x, y: y + Swift.max(0, i), width: 0, height: 0) }
        return Rect(x: x, y: y + i, width: width, height: 1)
    }

    public var description: String { "Rect(\(x),\(y) \(width)×\(height))" }
}
