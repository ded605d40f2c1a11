import Foundation

/// One server of a `remote:` stage: `grpc://HOST:PORT`, or `grpcs://HOST:PORT` for TLS.
public struct RemoteEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A host name or an IP address (IPv6 without its brackets).
    public var host: String
    public var port: Int
    /// `grpcs://`: the connection is encrypted and the server's certificate checked.
    public var usesTLS: Bool

    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Parses `grpc://HOST:PORT` or `grpcs://HOST:PORT` (`[::1]` for an IPv6 address); throws a
    /// sentence saying what is wrong.
    public init(parsing text: String) throws(RemoteEndpoint.ParseError) {
        let usesTLS: Bool
        let rest: Substring
        if text.hasPrefix("grpcs://") {
            usesTLS = true
            rest = text.dropFirst("grpcs://".count)
        } else if text.hasPrefix("grpc://") {
            usesTLS = false
            rest = text.dropFirst("grpc://".count)
        } else {
            throw ParseError("'\(text)' is not a gRPC address: write grpc://HOST:PORT, or grpcs://HOST:PORT for TLS")
        }
        let authority = rest.hasSuffix("/") ? rest.dropLast() : rest
        let host: Substring
        let portText: Substring
        switch Self.split(authority) {
        case .success(let parts): (host, portText) = parts
        case .failure(.ipv6):
            throw ParseError("'\(text)': write an IPv6 address as [::1]:PORT")
        case .failure(.noPort):
            throw ParseError("'\(text)' has no port: write grpc://HOST:PORT, for example grpc://127.0.0.1:50051")
        }
        guard !host.isEmpty, !host.contains("/"), !host.contains("@") else {
            throw ParseError("'\(text)' has no host: write grpc://HOST:PORT, for example grpc://127.0.0.1:50051")
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ParseError("'\(text)': the port must be a number from 1 to 65535")
        }
        self.init(host: String(host), port: port, usesTLS: usesTLS)
    }

    /// Why `HOST:PORT` cannot be split.
    public enum SplitError: Error {
        /// `[` without its `]:`.
        case ipv6
        /// No colon.
        case noPort
    }

    /// Splits `HOST:PORT`, or `[IPv6]:PORT` (the host then without its brackets); the port is not
    /// checked. For `grpc://` addresses and for the servers' `--listen`.
    public static func split(_ authority: Substring) -> Result<(host: Substring, port: Substring), SplitError> {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]"),
                authority[authority.index(after: close)...].hasPrefix(":")
            else { return .failure(.ipv6) }
            return .success(
                (
                    authority[authority.index(after: authority.startIndex)..<close],
                    authority[authority.index(close, offsetBy: 2)...]
                )
            )
        }
        guard let colon = authority.lastIndex(of: ":") else { return .failure(.noPort) }
        return .success((authority[..<colon], authority[authority.index(after: colon)...]))
    }

    /// Whether ``host`` is an IPv4 or IPv6 address rather than a name.
    public var isIPAddress: Bool { Self.isIPAddress(host) }

    /// Whether `text` is an IPv4 or IPv6 address (`127.0.0.1`, `::1`).
    public static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// As written in a configuration: `grpc://127.0.0.1:50051`.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(usesTLS ? "grpcs" : "grpc")://\(host):\(port)"
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
