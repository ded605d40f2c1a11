import DepecheCore
import Testing

@testable import DepecheFetch

/// Which files of a folder a resumed run, or a retry, reads again.
@Suite struct FetchResumeTests {
    typealias Decision = FetchResume.Decision

    @Test func aResumedWalkSkipsTheCommittedFilesInByteOrder() {
        let after = InputCursor([.entry("b/c.txt")])
        #expect(FetchResume.decide(entry: "a.txt", resumeAfter: after, select: nil) == .skip)
        #expect(FetchResume.decide(entry: "b/c.txt", resumeAfter: after, select: nil) == .skip)
        // '-' (0x2D) sorts before '/' (0x2F): walked before the folder b/.
        #expect(FetchResume.decide(entry: "b-z.txt", resumeAfter: after, select: nil) == .skip)
        #expect(
            FetchResume.decide(entry: "b/d.txt", resumeAfter: after, select: nil)
                == .read(resumeAfter: nil, select: nil)
        )
        #expect(
            FetchResume.decide(entry: "b0.txt", resumeAfter: after, select: nil) == .read(resumeAfter: nil, select: nil)
        )
    }

    @Test func aFileHalfReadResumesInsideIt() {
        let line = InputCursor([.line(number: 12, end: 400)])
        let after = InputCursor([.entry("dump.jsonl")] + line.marks)
        #expect(
            FetchResume.decide(entry: "dump.jsonl", resumeAfter: after, select: nil)
                == .read(resumeAfter: line, select: nil)
        )
    }

    @Test func aRetryReadsOnlyTheSelectedFiles() {
        let select = [InputCursor([.entry("b.txt")]), InputCursor([.entry("d.jsonl"), .line(number: 3, end: 90)])]
        #expect(FetchResume.decide(entry: "a.txt", resumeAfter: nil, select: select) == .skip)
        #expect(
            FetchResume.decide(entry: "b.txt", resumeAfter: nil, select: select) == .read(resumeAfter: nil, select: nil)
        )
        #expect(
            FetchResume.decide(entry: "d.jsonl", resumeAfter: nil, select: select)
                == .read(resumeAfter: nil, select: [InputCursor([.line(number: 3, end: 90)])])
        )
    }

    /// An interrupted retry, resumed: a selected file at or before the frontier was committed.
    @Test func aResumedRetrySkipsTheSelectedFilesItCommitted() {
        let select = [InputCursor([.entry("b.txt")]), InputCursor([.entry("f.txt")])]
        let after = InputCursor([.entry("b.txt")])
        #expect(FetchResume.decide(entry: "b.txt", resumeAfter: after, select: select) == .skip)
        #expect(
            FetchResume.decide(entry: "f.txt", resumeAfter: after, select: select)
                == .read(resumeAfter: nil, select: nil)
        )
    }
}
