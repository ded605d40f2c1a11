import DepecheCore
import DepecheExport
import Foundation
import Testing

@Suite struct JSONLineWriterTests {
    private func text(_ body: (inout JSONLineWriter) -> Void) -> String {
        var json = JSONLineWriter()
        body(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        let value = "a\"b\\c/d\u{01}\u{1F}\n\r\t\u{08}\u{0C}\u{7F} é 😀 \u{2028}"
        #expect(text { $0.string(value) } == #""a\"b\\c/d\u0001\u001f\n\r\t\b\f"# + "\u{7F} é 😀 \u{2028}\"")
    }

    @Test func escapedOutputReadsBackAsTheSameString() throws {
        let value = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }.joined() + "ü€𝄞"
        let bytes = Data(text { $0.array { $0.string(value) } }.utf8)
        let decoded = try JSONSerialization.jsonObject(with: bytes) as? [String]
        #expect(decoded == [value])
    }

    @Test func insertsCommasBetweenMembersAndElementsAtEveryLevel() {
        let line = text { json in
            json.object { json in
                json.field("a", 1)
                json.key("b")
                json.array { json in
                    json.integer(-2)
                    json.object { $0.field("c", true) }
                    json.array { _ in }
                    json.null()
                }
                json.field("d", ["x", "y"])
                json.field("e", ["z": "1", "Z": "2", "é": "3"])
            }
            json.endLine()
        }
        #expect(line == #"{"a":1,"b":[-2,{"c":true},[],null],"d":["x","y"],"e":{"Z":"2","z":"1","é":"3"}}"# + "\n")
    }

    @Test func numbersUseTheShortestFormAndNullWhenNotFinite() {
        #expect(
            text {
                $0.array {
                    $0.number(Float(0.9))
                    $0.number(0.25)
                    $0.number(3.0)
                    $0.number(Double.nan)
                }
            } == "[0.9,0.25,3,null]"
        )
    }

    @Test func removeAllStartsAFreshLine() {
        var json = JSONLineWriter()
        json.object { $0.field("id", "1") }
        json.removeAll()
        json.object { $0.field("id", "2") }
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"id":"2"}"#)
    }

    @Test func failureRecordLineMatchesTheCoreEncoder() {
        let record = FailureRecord(id: "a\"1", source: "file:///x", stage: "fetch", code: "not-found", message: "x\ny")
        let line = text { json in
            json.object { json in
                json.field("id", record.id)
                json.field("source", record.source)
                json.field("stage", record.stage)
                json.field("code", record.code)
                json.field("message", record.message)
            }
        }
        #expect(line == record.jsonLine)
    }
}
