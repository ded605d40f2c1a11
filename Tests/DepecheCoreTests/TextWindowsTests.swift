import DepecheCore
import Testing

/// Long texts are read in windows of bounded size, cut at the most natural place.
@Suite struct TextWindowsTests {
    @Test func aTextWithinTheLimitIsOneWindow() {
        let windows = TextWindows(limit: 100).windows(of: "Un article court.\n\nDeux paragraphes.")
        #expect(windows.map(\.offset) == [0])
        #expect(windows.map(\.text) == ["Un article court.\n\nDeux paragraphes."])
        #expect(TextWindows(limit: 100).windows(of: "").isEmpty)
    }

    @Test func windowsEndAfterABlankLineThenALineThenASentenceThenASpace() {
        let windows = TextWindows(limit: 20)
        // A blank line in the second half wins over a later line break.
        #expect(
            windows.windows(of: "aaaaaaaaaaaa\n\nbb\ncc dd ee ff").map(\.text) == [
                "aaaaaaaaaaaa\n\n", "bb\ncc dd ee ff",
            ]
        )
        #expect(
            windows.windows(of: "aaaaaaaaaaaa\nbbbb. cc dd ee").map(\.text) == ["aaaaaaaaaaaa\n", "bbbb. cc dd ee"]
        )
        #expect(windows.windows(of: "aaaaaaaaaaa. bbb ccc ddd").map(\.text) == ["aaaaaaaaaaa. ", "bbb ccc ddd"])
        #expect(windows.windows(of: "aaaaaaaaaaa bbb ccc ddd eee").map(\.text) == ["aaaaaaaaaaa bbb ccc ", "ddd eee"])
        // No separator at all: cut at the limit.
        let solid = String(repeating: "x", count: 45)
        #expect(windows.windows(of: solid).map(\.text.count) == [20, 20, 5])
        // A separator in the first half only is not used: windows stay near the limit.
        #expect(
            windows.windows(of: "a\n" + String(repeating: "y", count: 30)).map(\.text.unicodeScalars.count) == [20, 12]
        )
    }

    @Test func offsetsCountUnicodeScalarsAndTheWindowsJoinIntoTheText() {
        let paragraph = "Le président Zélensky a rencontré 🇺🇦 à Kyiv, le 3 mars.\n\n"
        let text = String(repeating: paragraph, count: 40)
        let windows = TextWindows(limit: 300).windows(of: text)
        #expect(windows.count > 5)
        #expect(windows.map(\.text).joined() == text)
        var offset = 0
        for window in windows {
            #expect(window.offset == offset)
            #expect(window.text.unicodeScalars.count <= 300)
            #expect(window.text.hasSuffix("\n\n"))
            offset += window.text.unicodeScalars.count
        }
        #expect(offset == text.unicodeScalars.count)
    }
}
