import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable array of plain values for the search index: either memory it owns (an index
/// built in this process) or a piece of a memory-mapped index file, so that reading the file
/// copies nothing. Reads as an array does (`count`, subscripts, slices, `withUnsafeBufferPointer`).
struct Flat<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafePointer<Element>?
    let count: Int
    /// Keeps the memory alive: an `Owned` allocation or the `MappedFile`.
    private let owner: AnyObject?

    final class Owned {
        let p: UnsafeMutableRawPointer
        init(_ p: UnsafeMutableRawPointer) { self.p = p }
        deinit { p.deallocate() }
    }

    init(_ a: [Element]) {
        count = a.count
        if a.isEmpty {
            base = nil
            owner = nil
            return
        }
        let p = UnsafeMutablePointer<Element>.allocate(capacity: a.count)
        a.withUnsafeBufferPointer { b in p.initialize(from: b.baseAddress!, count: b.count) }
        base = UnsafePointer(p)
        owner = Owned(UnsafeMutableRawPointer(p))
    }

    /// `count` elements at `p` inside `file`.
    init(mapped p: UnsafePointer<Element>?, count: Int, file: MappedFile) {
        base = count == 0 ? nil : p
        self.count = count
        owner = file
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "index out of range")
        return base.unsafelyUnwrapped[i]
    }

    @inline(__always) func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }
}

extension Flat: Equatable where Element: Equatable {
    static func == (a: Flat, b: Flat) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}

/// A whole file mapped read-only (private), unmapped when the last array using it goes.
/// Index files are only ever replaced by rename, never rewritten in place, so a mapping stays
/// valid while another process saves a newer file.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let size: Int

    init?(fd: Int32, size: Int) {
        guard size > 0 else { return nil }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(p)
        self.size = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// Whole pages released so far (`release`).
    private var released = 0

    /// Drops the whole pages before `end` from this process's resident memory. The mapping is
    /// private, read-only and never written, so the pages stay as they are in the file and a
    /// later read faults them back in from the page cache. Used after checking the file, so that
    /// only the parts searches read stay resident.
    func release(upTo end: Int) {
        #if os(Linux)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let upTo = min(end, size) / page * page
        guard upTo - released >= 1 << 20 else { return }  // in steps of a megabyte or more
        madvise(UnsafeMutableRawPointer(mutating: base + released), upTo - released, MADV_DONTNEED)
        released = upTo
        #endif
    }
}
