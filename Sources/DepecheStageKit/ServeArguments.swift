#if GRPC
/// The command line of a ``StageProgram`` served over gRPC:
/// `--listen HOST:PORT [--tls-certificate FILE --tls-key FILE] [--max-streams N] [--grace SECONDS]`.
enum ServeArguments {
    struct Problem: Error {
        var message: String
    }

    static func usage(_ name: String) -> String {
        "usage: \(name) [--listen HOST:PORT [--tls-certificate FILE --tls-key FILE] [--max-streams N] "
            + "[--grace SECONDS]]\n"
            + "without arguments, the stage speaks the stage protocol on stdin and stdout"
    }

    static func parse(_ arguments: [String]) -> Result<GRPCStageServer.Configuration, Problem> {
        var listen: String?
        var certificate: String?
        var key: String?
        var streams = GRPCStageServer.Configuration.defaultMaximumStreams
        var grace = GRPCStageServer.Configuration.defaultGrace
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard ["--listen", "--tls-certificate", "--tls-key", "--max-streams", "--grace"].contains(argument) else {
                return .failure(Problem(message: "unknown argument '\(argument)'"))
            }
            guard index + 1 < arguments.count else {
                return .failure(Problem(message: "\(argument) needs a value"))
            }
            let value = arguments[index + 1]
            switch argument {
            case "--listen": listen = value
            case "--tls-certificate": certificate = value
            case "--tls-key": key = value
            case "--grace":
                guard let seconds = Int(value), seconds >= 0 else {
                    return .failure(Problem(message: "--grace must be a number of seconds, found '\(value)'"))
                }
                grace = .seconds(seconds)
            default:
                guard let count = Int(value), count >= 1 else {
                    return .failure(Problem(message: "--max-streams must be a positive number, found '\(value)'"))
                }
                streams = count
            }
            index += 2
        }
        guard let listen else { return .failure(Problem(message: "--listen HOST:PORT is missing")) }
        let address: (host: String, port: Int)
        switch GRPCStageServer.Configuration.parseListen(listen) {
        case .success(let parsed): address = parsed
        case .failure(let error): return .failure(Problem(message: error.description))
        }
        var configuration = GRPCStageServer.Configuration(host: address.host, port: address.port)
        configuration.maximumStreams = streams
        configuration.grace = grace
        switch (certificate, key) {
        case (let certificate?, let key?): configuration.tls = (certificate, key)
        case (nil, nil): break
        default: return .failure(Problem(message: "TLS needs both --tls-certificate and --tls-key"))
        }
        return .success(configuration)
    }
}
#endif
