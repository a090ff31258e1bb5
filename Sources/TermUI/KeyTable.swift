// One key table drives dispatch, the key bar, the `?` help screen and the docs:
// nothing about keys is written twice.

/// A context in which bindings apply (e.g. a pane or a mode). `String` conforms.
public protocol KeyContext: Hashable, Sendable {
    /// Heading for help sections and docs.
    var title: String { get }
}

extension String: KeyContext {
    public var title: String { self }
}

public struct KeyBinding<Action, Context: KeyContext> {
    public var keys: [Key]
    public var action: Action
    /// Where it applies; empty = everywhere (global).
    public var contexts: Set<Context>
    /// Full description for help and docs ("Move the selection down").
    public var description: String
    /// Short label for the key bar ("Down"); defaults to the description.
    public var label: String
    public var showInBar: Bool
    /// Higher stays longer when the key bar is too narrow.
    public var barPriority: Int
    /// Overrides how the keys are shown in the key bar (e.g. "j/k"); defaults to the first key's name.
    public var barKeys: String?

    public init(_ keys: [Key], _ action: Action, contexts: Set<Context> = [], description: String,
                label: String? = nil, showInBar: Bool = false, barPriority: Int = 0, barKeys: String? = nil) {
        self.keys = keys
        self.action = action
        self.contexts = contexts
        self.description = description
        self.label = label ?? description
        self.showInBar = showInBar
        self.barPriority = barPriority
        self.barKeys = barKeys
    }

    public var isGlobal: Bool { contexts.isEmpty }

    /// The key names ("j", "↓").
    public var keyNames: [String] { keys.map(\.name) }
}

extension KeyBinding: Sendable where Action: Sendable {}

/// One row of the help screen.
public struct HelpEntry: Hashable, Sendable {
    /// Key names ("j", "↓").
    public var keys: [String]
    public var description: String
    public init(keys: [String], description: String) {
        self.keys = keys
        self.description = description
    }

    /// The key names separated by spaces: "j ↓".
    public var keysText: String { keys.joined(separator: " ") }
}

/// A titled group of help rows.
public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var entries: [HelpEntry]
    public init(title: String, entries: [HelpEntry]) {
        self.title = title
        self.entries = entries
    }
}

public struct KeyTable<Action, Context: KeyContext> {
    public var bindings: [KeyBinding<Action, Context>]
    /// Heading for global bindings in help and docs.
    public var globalTitle: String

    public init(_ bindings: [KeyBinding<Action, Context>], globalTitle: String = "Everywhere") {
        self.bindings = bindings
        self.globalTitle = globalTitle
    }

    /// The binding for `key`: the first one specific to the first of `contexts` that
    /// has one, else the first global one. Context-specific bindings win over global ones.
    public func binding(for key: Key, in contexts: [Context]) -> KeyBinding<Action, Context>? {
        for c in contexts {
            if let b = bindings.first(where: { $0.contexts.contains(c) && $0.keys.contains(key) }) { return b }
        }
        return bindings.first { $0.isGlobal && $0.keys.contains(key) }
    }

    public func action(for key: Key, in contexts: [Context]) -> Action? {
        binding(for: key, in: contexts)?.action
    }

    /// `action(for:in:)` for one context (or only global bindings when nil).
    public func action(for key: Key, in context: Context?) -> Action? {
        action(for: key, in: context.map { [$0] } ?? [])
    }

    /// Bindings in effect in `contexts`: specific ones (in context order), then the
    /// global ones whose keys are not all taken by a specific binding.
    public func activeBindings(in contexts: [Context]) -> [KeyBinding<Action, Context>] {
        var out: [KeyBinding<Action, Context>] = []
        var taken = Set<Key>()
        for c in contexts {
            for b in bindings where b.contexts.contains(c) {
                let free = b.keys.filter { !taken.contains($0) }
                if free.isEmpty { continue }
                if !out.contains(where: { $0.contexts == b.contexts && $0.keys == b.keys && $0.description == b.description }) {
                    var nb = b
                    nb.keys = free
                    out.append(nb)
                }
                taken.formUnion(free)
            }
        }
        for b in bindings where b.isGlobal {
            let free = b.keys.filter { !taken.contains($0) }
            if free.isEmpty { continue }
            var nb = b
            nb.keys = free
            out.append(nb)
            taken.formUnion(free)
        }
        return out
    }

    /// Bindings shown in the key bar for `contexts`, in table order (specific first).
    public func barBindings(for contexts: [Context]) -> [KeyBinding<Action, Context>] {
        activeBindings(in: contexts).filter(\.showInBar)
    }

    /// Key-bar items for `contexts`; item i corresponds to `barBindings(for:)[i]`.
    public func barItems(for contexts: [Context]) -> [KeyBarItem] {
        barBindings(for: contexts).map {
            KeyBarItem(key: $0.barKeys ?? $0.keys.first?.name ?? "", label: $0.label, priority: $0.barPriority)
        }
    }

    public func barItems(for context: Context?) -> [KeyBarItem] {
        barItems(for: context.map { [$0] } ?? [])
    }

    /// Help for what is in effect now: one section per context in `contexts` that
    /// has bindings, then the global section.
    public func helpSections(for contexts: [Context]) -> [HelpSection] {
        let active = activeBindings(in: contexts)
        var sections: [HelpSection] = []
        for c in contexts {
            let entries = active.filter { $0.contexts.contains(c) }
                .map { HelpEntry(keys: $0.keyNames, description: $0.description) }
            if !entries.isEmpty && !sections.contains(where: { $0.title == c.title }) {
                sections.append(HelpSection(title: c.title, entries: entries))
            }
        }
        let global = active.filter(\.isGlobal).map { HelpEntry(keys: $0.keyNames, description: $0.description) }
        if !global.isEmpty { sections.append(HelpSection(title: globalTitle, entries: global)) }
        return sections
    }

    /// Every binding, grouped: global first, then each context in `contextOrder`
    /// (contexts not listed follow, sorted by title). For docs.
    public func allSections(contextOrder: [Context] = []) -> [HelpSection] {
        var sections: [HelpSection] = []
        let global = bindings.filter(\.isGlobal).map { HelpEntry(keys: $0.keyNames, description: $0.description) }
        if !global.isEmpty { sections.append(HelpSection(title: globalTitle, entries: global)) }
        var order = contextOrder
        let rest = Set(bindings.flatMap(\.contexts)).subtracting(order).sorted { $0.title < $1.title }
        order.append(contentsOf: rest)
        for c in order {
            let entries = bindings.filter { $0.contexts.contains(c) }
                .map { HelpEntry(keys: $0.keyNames, description: $0.description) }
            if !entries.isEmpty { sections.append(HelpSection(title: c.title, entries: entries)) }
        }
        return sections
    }

    /// Markdown reference of every binding (e.g. docs/keys.md).
    public func markdown(title: String = "Keys", intro: String? = nil, contextOrder: [Context] = []) -> String {
        var out = "# \(title)\n\n"
        if let intro, !intro.isEmpty { out += intro + "\n\n" }
        for section in allSections(contextOrder: contextOrder) {
            out += "## \(section.title)\n\n| Keys | Action |\n| --- | --- |\n"
            for e in section.entries {
                let keys = e.keys.map(KeyTableMarkdown.code).joined(separator: " ")
                out += "| \(keys) | \(KeyTableMarkdown.escape(e.description)) |\n"
            }
            out += "\n"
        }
        return out
    }

    /// Keys bound twice in the same scope (the later binding can never fire), as messages.
    public func conflicts() -> [String] {
        var seen: [String: String] = [:]
        var problems: [String] = []
        for b in bindings {
            let scopes = b.isGlobal ? [globalTitle] : b.contexts.map(\.title).sorted()
            for scope in scopes {
                for k in b.keys {
                    let id = scope + "\u{0}" + k.name
                    if let first = seen[id] {
                        problems.append("\(k.name) in \(scope): '\(b.description)' is shadowed by '\(first)'")
                    } else {
                        seen[id] = b.description
                    }
                }
            }
        }
        return problems
    }
}

extension KeyTable: Sendable where Action: Sendable {}

enum KeyTableMarkdown {
    /// A key name as inline code, safe inside a table cell.
    static func code(_ s: String) -> String {
        let body = escapePipes(s)
        if body.contains("`") { return "`` \(body) ``" }
        return "`\(body)`"
    }

    static func escape(_ s: String) -> String {
        escapePipes(Sanitize.line(s))
    }

    static func escapePipes(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "|" { out += "\\|" } else { out.append(c) }
        }
        return out
    }
}

extension KeyTable where Action: Equatable {
    /// The name of the first key bound to `action` in `context` (or globally), for hints
    /// that name a key: `"N"` for Add a note. Nil when nothing there is bound to it.
    public func keyName(for action: Action, in context: Context?) -> String? {
        let b = bindings.first { $0.action == action && ($0.isGlobal || context.map($0.contexts.contains) == true) }
        return b?.keys.first?.name
    }
}
