import AsyncHTTPClient
import DepecheCore
import Logging
import NIOCore

extension FetchStage {
    /// Streams a local WARC archive (`.warc` or `.warc.gz`): one document per kept response record.
    func emitLocalWARC(_ path: String, context: StageContext, emit: DocumentEmitter) async throws {
        let handle: FileSystem.ReadHandle
        do {
            handle = try FileSystem.ReadHandle(path: path)
            guard try handle.status().kind == .file else {
                throw StageFailure(code: "unreadable", message: "\(path): not a regular file")
            }
        } catch let error as FileSystemError {
            throw failure(for: error)
        }
        var reader = WARCReader(maximumBlockBytes: fetcher.settings.maximumBodyBytes) {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = try chunk.withUnsafeMutableBytes { try handle.readChunk(into: $0) }
            guard count > 0 else { return nil }
            chunk.removeLast(chunk.count - count)
            return chunk
        }
        try await emitWARC(&reader, uri: FileName.fileURL(for: path), context: context, emit: emit)
    }

    /// Streams a WARC archive from an http(s) URL, record by record, never whole in memory.
    ///
    /// The whole archive may take hours, so `request_timeout_ms` bounds each record instead: the
    /// time spent waiting on the server for one record (not the time the later stages take over
    /// the documents). A server that trickles its archive is cut there; the records before stay.
    func emitRemoteWARC(_ url: String, context: StageContext, emit: DocumentEmitter) async throws {
        let accept = "application/warc,*/*;q=0.5"
        let limit = Duration.milliseconds(Int64(fetcher.settings.requestTimeoutMilliseconds))
        _ = try await fetcher.exchange(url, accept: accept, conditional: false, streaming: true) { _, body in
            if !body.cached.isEmpty { return [] }
            var iterator = body.stream.makeAsyncIterator()
            let waited = RecordWait()
            var reader = WARCReader(maximumBlockBytes: self.fetcher.settings.maximumBodyBytes) {
                let started = ContinuousClock.now
                let buffer = try await iterator.next()
                waited.duration += ContinuousClock.now - started
                if waited.duration > limit {
                    throw StageFailure(
                        code: "timeout",
                        message: "\(url): the server took longer than request_timeout_ms "
                            + "(\(self.fetcher.settings.requestTimeoutMilliseconds) ms) to send one record of the archive"
                    )
                }
                return buffer.map { Array($0.readableBytesView) }
            }
            try await self.emitWARC(&reader, uri: url, context: context, emit: emit) { waited.duration = .zero }
            return []
        }
    }

    /// The time spent waiting on the server since the last whole record.
    private final class RecordWait {
        var duration = Duration.zero
    }

    /// Emits the documents of an archive's `response` records, in archive order. A record that
    /// cannot be read is a failure; an archive cut short or malformed stops with a failure.
    ///
    /// Each response record is placed at `.record(index)` (its rank among the archive's response
    /// records). A resumed run reads the archive again from its start but skips the records at or
    /// before the committed one without building their documents; their ids are still taken, so
    /// that the later records keep the ids an uninterrupted run gives them.
    func emitWARC(
        _ reader: inout WARCReader,
        uri: String,
        context: StageContext,
        emit: DocumentEmitter,
        recordRead: () -> Void = {}
    ) async throws {
        var identifiers = Set<String>()
        var kept = 0
        var skipThrough = -1
        switch emit.resumeAfter?.split {
        case nil: break
        case (.record(let index, _), let rest)? where rest.isEmpty: skipThrough = index
        case let other?:
            throw FetchResume.changed(uri, at: InputCursor([other.first]), kind: "a record of a WARC archive")
        }
        let selected = try FetchResume.selectedNumbers(emit.select, of: uri, kind: "a record of a WARC archive") {
            if case .record(let index, _) = $0 { index } else { nil }
        }
        let lastSelected = selected?.max() ?? Int.max
        var responses = -1
        while true {
            let record: WARCRecord?
            do {
                record = try await reader.nextRecord()
            } catch let error as WARCReader.Failure {
                throw StageFailure(code: "invalid-warc", message: "\(uri): \(error.message)")
            }
            guard let record else { break }
            recordRead()
            guard record.type == "response" else { continue }
            responses += 1
            let cursor = InputCursor([.record(index: responses, end: nil)])
            let target = record.targetURI
            var id = URLIdentity.documentID(for: target.isEmpty ? "\(uri)#\(record.offset)" : target)
            if !identifiers.insert(id).inserted {
                id += "-\(record.offset)"
                identifiers.insert(id)
            }
            if responses <= skipThrough {
                kept += 1
                continue
            }
            if let selected {
                if responses > lastSelected { break }
                if !selected.contains(responses) { continue }
            }
            let source = Source(uri: target, kind: "warc-record")
            guard record.length <= fetcher.settings.maximumBodyBytes else {
                try await emit.fail(
                    id,
                    source: source,
                    StageFailure(
                        code: "too-large",
                        message: "\(uri): the record of \(target) is \(record.length) bytes, over max_body_bytes "
                            + "(\(fetcher.settings.maximumBodyBytes))"
                    ),
                    at: cursor
                )
                continue
            }
            switch warcDocument(record, id: id, archive: uri, context: context) {
            case .document(let document):
                kept += 1
                try await emit(document, at: cursor)
            case .failure(let id, let source, let failure):
                try await emit.fail(id, source: source, failure, at: cursor)
            case .skipped:
                continue
            }
        }
        if kept == 0 {
            context.logger.warning("the WARC archive has no page to keep", metadata: ["uri": "\(uri)"])
        }
    }

    /// The document of one `response` record, or `.skipped` for a record `warc_records` leaves out.
    private func warcDocument(_ record: WARCRecord, id: String, archive: String, context: StageContext) -> ItemOutcome {
        let target = record.targetURI
        let recordType = MediaType(header: record.fields["content-type"])
        let message: HTTPMessage
        if recordType.type == "application/http" || record.block.starts(with: Array("HTTP/".utf8)) {
            do {
                message = try HTTPMessage(parsing: record.block, limit: fetcher.settings.maximumBodyBytes)
            } catch let error as HTTPMessage.Failure {
                return .failure(
                    id: id,
                    source: Source(uri: target, kind: "warc-record"),
                    StageFailure(
                        code: "invalid-warc",
                        message: "\(archive): the record of \(target) at byte \(record.offset) holds no readable "
                            + "HTTP response: \(error.message)"
                    )
                )
            } catch {
                return .skipped
            }
        } else {
            // A response record that stores the payload alone (not an HTTP message).
            message = HTTPMessage(
                status: 200,
                headers: record.fields["content-type"].map { ["content-type": $0] } ?? [:],
                body: record.block
            )
        }
        let mediaType = MediaType(header: message.headers["content-type"])
        if settings.warcRecords == .pages {
            let isPage = mediaType.isHTML || mediaType.isText || mediaType.isXML
            guard message.status == 200, isPage else { return .skipped }
        }
        let date = record.fields["warc-date"].flatMap(FeedDate.iso8601)
        var document = Document(
            id: id,
            source: Source(
                uri: target,
                kind: "warc-record",
                fetchedAtMilliseconds: date.map { Int64($0.unixSeconds) * 1000 } ?? 0,
                contentType: mediaType.type.isEmpty ? ContentType.sniff(message.body) : mediaType.type,
                charset: mediaType.charset,
                raw: message.body
            )
        )
        document.attributes["warc.archive"] = archive
        document.attributes["warc.status"] = String(message.status)
        if let recordID = record.fields["warc-record-id"] { document.attributes["warc.record_id"] = recordID }
        if let warcDate = record.fields["warc-date"] { document.attributes["warc.date"] = warcDate }
        return .document(document)
    }
}
