import Testing
@testable import TermUI

@Suite struct EscapeSequenceTests {
    /// Feeds `text` (what followed an ESC) one scalar at a time, as the terminal layer does.
    private func feed(_ text: String) -> EscapeSequence.Step {
        var seq: [Unicode.Scalar] = []
        var step = EscapeSequence.Step.needMore
        for s in text.unicodeScalars {
            seq.append(s)
            step = EscapeSequence.decode(seq)
            if step != .needMore { break }
        }
        return step
    }

    @Test func xtermKeysTheTerminfoMayLack() {
        #expect(feed("[F") == .complete(.end))
        #expect(feed("OF") == .complete(.end))
        #expect(feed("[H") == .complete(.home))
        #expect(feed("OH") == .complete(.home))
        #expect(feed("[3~") == .complete(.delete))
        #expect(feed("[1~") == .complete(.home))
        #expect(feed("[4~") == .complete(.end))
        #expect(feed("[5~") == .complete(.pageUp))
        #expect(feed("[6~") == .complete(.pageDown))
        #expect(feed("[2~") == .complete(.insert))
        #expect(feed("OP") == .complete(.function(1)))
        #expect(feed("[15~") == .complete(.function(5)))
        #expect(feed("[24~") == .complete(.function(12)))
        #expect(feed("[A") == .complete(.up))
        #expect(feed("OD") == .complete(.left))
        #expect(feed("[Z") == .complete(.backTab))
        #expect(feed("OM") == .complete(.enter))
    }

    @Test func modifiers() {
        #expect(feed("[1;5C") == .complete(.modified(.right, .ctrl)))
        #expect(feed("[1;2F") == .complete(.modified(.end, .shift)))
        #expect(feed("[1;3D") == .complete(.modified(.left, .alt)))
        #expect(feed("[3;5~") == .complete(.modified(.delete, .ctrl)))
        #expect(feed("[1;6P") == .complete(.modified(.function(1), [.ctrl, .shift])))
        #expect(feed("[1;1A") == .complete(.up))
    }

    @Test func unknownCompleteSequencesAreSwallowedNotTyped() {
        #expect(feed("[99~") == .complete(nil))
        #expect(feed("[1;5X") == .complete(nil))
        #expect(feed("[?25h") == .complete(nil))
        #expect(feed("[<0;3;4M") == .complete(nil))
        #expect(feed("Ox") == .complete(nil))
        #expect(feed("[1;2;3A") == .complete(nil))
        #expect(feed("[" + String(repeating: "1", count: 40)) == .complete(nil))
    }

    @Test func incompleteAndNonSequences() {
        #expect(feed("[") == .needMore)
        #expect(feed("[1;5") == .needMore)
        #expect(feed("O") == .needMore)
        #expect(feed("x") == .notASequence)
        #expect(EscapeSequence.decode([]) == .needMore)
    }
}
