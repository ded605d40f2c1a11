import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A value behind a lock, shareable between tasks and closures (a `Mutex` cannot be captured).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}

/// A request as the test server saw it.
struct TestRequest: Sendable, Hashable {
    var method: String
    /// Path and query, as sent.
    var uri: String
    /// Header names lowercased.
    var headers: [String: String]
    /// When it arrived, for the politeness tests (ordering only, never a duration to meet).
    var arrival: ContinuousClock.Instant
}

/// What the test server answers.
struct TestResponse: Sendable {
    var status = 200
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Wait this long before answering (for the timeout tests).
    var delayMilliseconds = 0
    /// When above zero, the head is sent at once and the body one byte every this many
    /// milliseconds (a server that trickles its body).
    var trickleMilliseconds = 0
    /// With `trickleMilliseconds`: how many bytes of the body are sent at once before the trickle.
    var trickleAfter = 0

    init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delayMilliseconds: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMilliseconds = delayMilliseconds
    }

    init(status: Int = 200, type: String, _ text: String, headers: [(String, String)] = []) {
        self.init(status: status, headers: [("Content-Type", type)] + headers, body: Array(text.utf8))
    }
}

/// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, answering from a table of routes
/// (by path and query, else by path alone; 404 otherwise) and recording every request.
final class TestHTTPServer: Sendable {
    typealias Route = @Sendable (TestRequest, _ count: Int) -> TestResponse

    let port: Int
    private let channel: any Channel
    private let routes: Locked<[String: Route]>
    private let log = Locked<[TestRequest]>([])

    init(_ routes: [String: Route] = [:]) async throws {
        let routeTable = Locked(routes)
        let log = self.log
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        RouteHandler { request in
                            let (route, count) = log.withLock { log -> (Route?, Int) in
                                log.append(request)
                                let path = String(request.uri.split(separator: "?").first ?? "")
                                let count = log.filter { $0.uri == request.uri }.count
                                return (routeTable.withLock { $0[request.uri] ?? $0[path] }, count)
                            }
                            return route?(request, count) ?? TestResponse(status: 404, type: "text/plain", "not found")
                        }
                    )
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        self.routes = routeTable
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func route(_ path: String, _ route: @escaping Route) {
        routes.withLock { $0[path] = route }
    }

    /// Serves the same response every time.
    func serve(_ path: String, _ response: TestResponse) {
        route(path) { _, _ in response }
    }

    /// The requests received so far, in arrival order.
    var requests: [TestRequest] { log.withLock { $0 } }

    func requests(to uri: String) -> [TestRequest] { requests.filter { $0.uri == uri } }

    func shutdown() async throws {
        try await channel.close()
    }
}

private final class RouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let respond: @Sendable (TestRequest) -> TestResponse
    private var head: HTTPRequestHead?

    init(_ respond: @escaping @Sendable (TestRequest) -> TestResponse) {
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let response = respond(
                TestRequest(method: "\(head.method)", uri: head.uri, headers: headers, arrival: .now)
            )
            if response.delayMilliseconds > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(response.delayMilliseconds))) {
                    self.send(response, context: context)
                }
            } else {
                send(response, context: context)
            }
        }
    }

    private func send(_ response: TestResponse, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(response.headers)
        if !headers.contains(name: "Content-Length"), !headers.contains(name: "Transfer-Encoding") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        if response.trickleMilliseconds > 0 {
            let start = min(response.trickleAfter, response.body.count)
            if start > 0 {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body[..<start])))),
                    promise: nil
                )
            }
            context.flush()
            trickle(response.body[start...], every: response.trickleMilliseconds, context: context)
            return
        }
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func trickle(_ rest: ArraySlice<UInt8>, every milliseconds: Int, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        guard let byte = rest.first else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [byte])))), promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) {
            self.trickle(rest.dropFirst(), every: milliseconds, context: context)
        }
    }
}
