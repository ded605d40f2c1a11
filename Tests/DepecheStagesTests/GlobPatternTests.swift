import Testing

@testable import DepecheFetch

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("*.txt", "a.txt", true),
        ("*.txt", "a.txt.bak", false),
        ("*.txt", ".a.txt", false),
        (".*", ".a.txt", true),
        ("?.txt", "é.txt", true),
        ("?.txt", "ab.txt", false),
        ("a*b*c", "aXbYbZc", true),
        ("a*b*c", "aXbYbZ", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[!a-c]x", "dx", true),
        ("[^a-c]x", "ax", false),
        ("[]]", "]", true),
        ("file[1", "file[1", true),
        ("\\*.txt", "*.txt", true),
        ("\\*.txt", "a.txt", false),
        ("**", "anything", true),
    ])
    func namePatternMatching(pattern: String, name: String, matches: Bool) {
        #expect(NamePattern(pattern).matches(name) == matches)
    }

    @Test func patternSplitsIntoBaseFolderAndComponents() throws {
        let pattern = try #require(GlobPattern("/data/news/**/2024-*/*.html"))
        #expect(pattern.base == "/data/news")
        #expect(pattern.components.count == 3)
        #expect(GlobPattern("/data/news/a.html") == nil)
    }

    @Test func anyDepthMatchesZeroOrMoreFolders() throws {
        let pattern = try #require(GlobPattern("/d/**/x/*.txt"))
        let start = pattern.start
        #expect(pattern.matches(start, file: "a.txt") == false)
        let x = try #require(pattern.enter(start, folder: "x"))
        #expect(pattern.matches(x, file: "a.txt"))
        let a = try #require(pattern.enter(start, folder: "a"))
        let ab = try #require(pattern.enter(a, folder: "b"))
        let abx = try #require(pattern.enter(ab, folder: "x"))
        #expect(pattern.matches(abx, file: "a.txt"))
        #expect(!pattern.matches(ab, file: "a.txt"))
        #expect(pattern.enter(start, folder: ".git") == nil)
    }

    @Test func foldersThatCannotMatchArePruned() throws {
        let pattern = try #require(GlobPattern("/d/2024-*/*.txt"))
        #expect(pattern.enter(pattern.start, folder: "2023-01") == nil)
        let folder = try #require(pattern.enter(pattern.start, folder: "2024-01"))
        #expect(pattern.enter(folder, folder: "deeper") == nil)
    }
}
