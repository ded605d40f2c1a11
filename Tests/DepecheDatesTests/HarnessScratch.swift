// TEMPORARY: runs the tagger over a JSONL input for measurement; removed before hand-off.
import DepecheCore
import Foundation
import Logging
import Testing

@testable import DepecheDates

@Test func scratchHarness() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let input = environment["DATES_HARNESS_IN"], let output = environment["DATES_HARNESS_OUT"] else { return }
    let language = environment["DATES_HARNESS_LANG"] ?? ""
    let stage = try DatesStage(options: StageDescriptor.dates.defaultOptions)
    let context = StageContext(stageName: "dates", logger: .init(label: "x"))
    var lines: [String] = []
    let started = Date()
    var bytes = 0
    for line in try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n") {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        var document = Document(id: object["id"] as! String, text: object["text"] as! String)
        document.metadata.published = (object["published"] as? String) ?? (object["dct"] as? String) ?? ""
        document.metadata.language = language
        bytes += document.text.utf8.count
        try stage.transform(&document, context: context)
        let timexes = document.timexes.map {
            ["start": $0.start, "end": $0.end, "text": $0.text, "type": $0.type?.rawValue ?? "", "value": $0.value,
             "mod": $0.mod] as [String: Any]
        }
        let out: [String: Any] = ["id": document.id, "text": document.text, "timexes": timexes, "entities": []]
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: out), as: UTF8.self))
    }
    let elapsed = Date().timeIntervalSince(started)
    print("harness: \(bytes) bytes in \(elapsed) s")
    try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
}
