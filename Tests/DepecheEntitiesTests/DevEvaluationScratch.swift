// TEMPORARY development harness, not to be committed.
import DepecheCore
import Foundation
import Testing

@testable import DepecheEntities

@Test func devEvaluation() throws {
    guard let input = ProcessInfo.processInfo.environment["DEV_EVAL_INPUT"],
        let output = ProcessInfo.processInfo.environment["DEV_EVAL_OUTPUT"]
    else { return }
    let recognizer = EntityRecognizer(resources: .standard)
    let text = try String(contentsOfFile: input, encoding: .utf8)
    var lines: [String] = []
    let clock = ContinuousClock()
    var words = 0
    var elapsed = Duration.zero
    for line in text.split(separator: "\n") {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let id = object["id"] as? String, let body = object["text"] as? String
        else { continue }
        words += body.split(separator: " ").count
        var entities: [Entity] = []
        elapsed += clock.measure { entities = recognizer.entities(in: body, language: ProcessInfo.processInfo.environment["DEV_EVAL_LANG"]) }
        let list = entities.map { entity -> [String: Any] in
            ["start": entity.start, "end": entity.end, "type": entity.type!.rawValue, "canonical": entity.canonical, "text": entity.text, "label": entity.label, "confidence": entity.confidence]
        }
        let out: [String: Any] = ["id": id, "text": body, "entities": list]
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: out), as: UTF8.self))
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    print("DEV words \(words) seconds \(elapsed) words/s \(Double(words) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))")
}
