import DepecheCore
import DepecheDates
import DepecheEntities
import DepecheNormalize
import DepecheWire
import Testing

/// Documents through `depeche stage NAME`: the same output as the stage in-process, many
/// requests in flight, and the end of the stream.
@Suite(.timeLimit(.minutes(10))) struct ProcessingTests {
    @Test func normalizeGivesTheSameBytesAsInProcess() async throws {
        let document = Samples.fetched()
        let expected = try await Samples.inProcess(.normalize, document)
        #expect(expected.count == 1)
        #expect(expected.first?.metadata.title.hasPrefix("Réunion à Paris") == true)

        let child = try StageChild.depeche(stage: "normalize")
        try child.send(
            StageChild.handshake(stage: "normalize"),
            .process(ProcessRequest(sequence: 1, document: document))
        )
        guard case .handshake? = try child.next(), let result = Samples.documents(try child.next()) else { return }
        #expect(result.sequence == 1)
        #expect(try result.documents.map(WireCodec.encode) == expected.map(WireCodec.encode))
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }

    @Test func entitiesAndDatesGiveTheSameDocumentsAsInProcess() async throws {
        let normalized = try #require(try await Samples.inProcess(.normalize, Samples.fetched()).first)
        for descriptor in [StageDescriptor.entities, .dates] {
            let expected = try await Samples.inProcess(descriptor, normalized)
            let child = try StageChild.depeche(stage: descriptor.name)
            try child.send(
                StageChild.handshake(stage: descriptor.name),
                .process(ProcessRequest(sequence: 1, document: normalized))
            )
            _ = try child.next()
            let result = Samples.documents(try child.next())
            #expect(result?.documents == expected, "stage \(descriptor.name)")
            #expect(expected.first.map { !$0.entities.isEmpty || !$0.timexes.isEmpty } == true)
            try child.closeInput()
            #expect(try child.exitStatus() == 0)
        }
    }

    @Test func datesResolvesAgainstTheReferenceDateOfTheCommandLine() async throws {
        let document = Samples.normalized(id: "hier", text: "La réunion a eu lieu hier à Bruxelles.")
        let expected = try await Samples.inProcess(.dates, referenceDate: "2025-09-04", document)
        #expect(expected.first?.timexes.map(\.value) == ["2025-09-03"])

        let child = try StageChild.depeche(stage: "dates", ["--reference-date", "2025-09-04"])
        try child.send(StageChild.handshake(stage: "dates"), .process(ProcessRequest(sequence: 1, document: document)))
        _ = try child.next()
        #expect(Samples.documents(try child.next())?.documents == expected)
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }

    @Test func answersEveryRequestInFlightWithItsSequence() async throws {
        let texts = (1...24).map {
            "Le \($0) septembre 2025, le conseil \($0) s'est réuni à Paris pendant \($0) heures."
        }
        let documents = texts.enumerated().map { Samples.normalized(id: "doc-\($0.offset + 1)", text: $0.element) }
        var expected: [UInt64: [Document]] = [:]
        for (index, document) in documents.enumerated() {
            expected[UInt64(index + 1)] = try await Samples.inProcess(.dates, document)
        }

        let child = try StageChild.depeche(stage: "dates")
        try child.send(StageChild.handshake(stage: "dates", maxInFlight: 8))
        _ = try child.next()
        // Keep 8 in flight, as the runner does: send one more each time one is answered.
        var answered: [UInt64: [Document]] = [:]
        var sent = 0
        for document in documents.prefix(8) {
            sent += 1
            try child.send(.process(ProcessRequest(sequence: UInt64(sent), document: document)))
        }
        while answered.count < documents.count {
            guard let result = Samples.documents(try child.next()) else { return }
            #expect(answered[result.sequence] == nil, "sequence \(result.sequence) answered twice")
            answered[result.sequence] = result.documents
            if sent < documents.count {
                try child.send(.process(ProcessRequest(sequence: UInt64(sent + 1), document: documents[sent])))
                sent += 1
            }
        }
        #expect(answered == expected)
        try child.closeInput()
        #expect(try child.remaining().isEmpty)
        #expect(try child.exitStatus() == 0)
    }

    @Test func closingStdinFinishesTheRequestsInFlightThenExitsZero() throws {
        let child = try StageChild.depeche(stage: "normalize")
        try child.send(StageChild.handshake(stage: "normalize"))
        for sequence in 1...16 {
            try child.send(
                .process(ProcessRequest(sequence: UInt64(sequence), document: Samples.fetched(id: "d\(sequence)")))
            )
        }
        try child.closeInput()
        let responses = try child.remaining()
        #expect(responses.count == 17)
        let results = responses.dropFirst().compactMap { Samples.documents($0) }
        #expect(Set(results.map(\.sequence)) == Set(1...16))
        #expect(results.allSatisfy { $0.documents.map(\.id) == ["d\($0.sequence)"] })
        #expect(try child.exitStatus() == 0)
        #expect(child.stderr == "")
    }

    @Test func aDocumentTheStageCannotHandleIsAnsweredWithAnError() async throws {
        var document = Samples.fetched(id: "scan")
        document.source.contentType = "application/pdf"
        document.source.raw = Array("%PDF-1.7\n".utf8) + [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x00, 0x03]
        let inProcess: StageFailure?
        do {
            _ = try await Samples.inProcess(.normalize, document)
            inProcess = nil
        } catch {
            inProcess = error as? StageFailure
        }
        let failure = try #require(inProcess, "normalize must refuse a PDF")

        let child = try StageChild.depeche(stage: "normalize")
        try child.send(
            StageChild.handshake(stage: "normalize"),
            .process(ProcessRequest(sequence: 7, document: document)),
            .process(ProcessRequest(sequence: 8, document: Samples.fetched()))
        )
        _ = try child.next()
        var results: [UInt64: ProcessResponse] = [:]
        for _ in 0..<2 {
            guard case .result(let result)? = try child.next() else {
                Issue.record("expected a result")
                return
            }
            results[result.sequence] = result
        }
        #expect(results[7]?.error == StageErrorMessage(failure))
        #expect(results[7]?.documents == [])
        #expect(results[8]?.error == nil)
        #expect(results[8]?.documents.count == 1)
        try child.closeInput()
        #expect(try child.exitStatus() == 0)
    }
}
