import GRPCCore

/// gRPC's errors as one line of text, for logs and failures: an `RPCError` or `RuntimeError` wraps
/// its cause, which may wrap another.
public enum GRPCErrorText {
    /// Every message of the chain, joined: `unavailable: Channel is in a transient failure state…:
    /// Connection refused (errno: 111)`.
    public static func describe(_ error: any Error) -> String {
        chain(error).enumerated().map { index, error in
            if let rpc = error as? RPCError { return index == 0 ? "\(rpc.code): \(rpc.message)" : rpc.message }
            return message(error)
        }.filter { !$0.isEmpty }.joined(separator: ": ")
    }

    /// The message of the last cause: what actually went wrong.
    public static func innermost(_ error: any Error) -> String {
        message(chain(error).last ?? error)
    }

    /// `error` and its causes, at most eight.
    static func chain(_ error: any Error) -> [any Error] {
        var chain: [any Error] = [error]
        while chain.count < 8, let cause = (chain.last as? RPCError)?.cause ?? (chain.last as? RuntimeError)?.cause {
            chain.append(cause)
        }
        return chain
    }

    private static func message(_ error: any Error) -> String {
        if let rpc = error as? RPCError { return rpc.message }
        if let runtime = error as? RuntimeError { return runtime.message }
        return String(describing: error)
    }
}
