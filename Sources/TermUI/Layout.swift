// Splitting rects by constraints.

/// How much of an axis one part of a split gets.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (if there is room).
    case fixed(Int)
    /// `p` percent of the available length (after spacing).
    case percent(Int)
    /// At least `n` cells; grows like `.fill(1)` when there is no `.fill`.
    case min(Int)
    /// A share of the space left over, proportional to the weight.
    case fill(Int)
}

public enum Axis: Hashable, Sendable {
    /// Parts side by side (split the width).
    case horizontal
    /// Parts stacked (split the height).
    case vertical
}

public enum Layout {
    /// Lengths for `constraints` along an axis of length `total`.
    ///
    /// When space runs out, `.fixed` parts are served first (in order), then `.min`,
    /// then `.percent`; `.fill` parts get what is left. Left-over space goes to the
    /// `.fill` parts by weight, or if there are none, to the `.min` parts, or if
    /// there are none, to the `.percent` parts (so percentages that add up to 100
    /// cover the whole length despite rounding). Lengths are never negative and
    /// never add up to more than `total`.
    public static func sizes(total: Int, _ constraints: [Constraint], spacing: Int = 0) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let gaps = max(0, spacing) * (n - 1)
        let avail = max(0, total - gaps)
        var out = Array(repeating: 0, count: n)
        var remaining = avail
        func serve(_ i: Int, _ want: Int) {
            let got = Swift.min(Swift.max(0, want), remaining)
            out[i] = got
            remaining -= got
        }
        for (i, c) in constraints.enumerated() { if case .fixed(let k) = c { serve(i, k) } }
        for (i, c) in constraints.enumerated() { if case .min(let k) = c { serve(i, k) } }
        for (i, c) in constraints.enumerated() {
            if case .percent(let p) = c { serve(i, avail * Swift.max(0, Swift.min(p, 100)) / 100) }
        }
        guard remaining > 0 else { return out }
        var weights = Array(repeating: 0, count: n)
        for (i, c) in constraints.enumerated() { if case .fill(let w) = c { weights[i] = Swift.max(0, w) } }
        if weights.allSatisfy({ $0 == 0 }) {
            let hasFill = constraints.contains { if case .fill = $0 { return true }; return false }
            if hasFill {
                for (i, c) in constraints.enumerated() { if case .fill = c { weights[i] = 1 } }
            } else {
                for (i, c) in constraints.enumerated() { if case .min = c { weights[i] = 1 } }
                if weights.allSatisfy({ $0 == 0 }) {
                    for (i, c) in constraints.enumerated() { if case .percent = c { weights[i] = 1 } }
                }
            }
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0 else { return out }
        // Largest-remainder distribution.
        var shares = weights.map { remaining * $0 / totalWeight }
        var left = remaining - shares.reduce(0, +)
        let order = (0..<n).filter { weights[$0] > 0 }
            .sorted { a, b in
                let ra = remaining * weights[a] % totalWeight, rb = remaining * weights[b] % totalWeight
                return ra != rb ? ra > rb : a < b
            }
        var k = 0
        while left > 0 && !order.isEmpty {
            shares[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        for i in 0..<n { out[i] += shares[i] }
        return out
    }

    /// Splits `rect` along `axis`. Parts are placed in order with `spacing` cells between them.
    public static func split(_ rect: Rect, _ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = axis == .horizontal ? rect.width : rect.height
        let lengths = sizes(total: total, constraints, spacing: spacing)
        var pos = axis == .horizontal ? rect.x : rect.y
        let end = axis == .horizontal ? rect.maxX : rect.maxY
        var rects: [Rect] = []
        for (i, len) in lengths.enumerated() {
            let start = Swift.min(pos, end)
            let l = Swift.max(0, Swift.min(len, end - start))
            if axis == .horizontal {
                rects.append(Rect(x: start, y: rect.y, width: l, height: rect.height))
            } else {
                rects.append(Rect(x: rect.x, y: start, width: rect.width, height: l))
            }
            pos = start + l + (i < lengths.count - 1 ? Swift.max(0, spacing) : 0)
        }
        return rects
    }
}

extension Rect {
    /// Splits this rect along `axis` by `constraints` (see `Layout.split`).
    public func split(_ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.split(self, axis, constraints, spacing: spacing)
    }
}
