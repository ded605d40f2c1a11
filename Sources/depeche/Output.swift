import ArgumentParser
import Foundation
import Logging

/// Writes to standard error (fd 2), unbuffered: messages and the progress line.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    static func line(_ text: String) {
        write(text + "\n")
    }

    static var isTerminal: Bool { isatty(2) == 1 }
}

/// Verbosity options shared by the commands.
struct VerbosityOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print debug logs.")
    var verbose = false

    /// Sets swift-log up once for the process and returns the run's logger.
    func bootstrapLogging() -> Logger {
        let level: Logger.Level = verbose ? .debug : (quiet ? .error : .notice)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "depeche")
        logger.logLevel = level
        return logger
    }
}
