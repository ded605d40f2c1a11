// A minimal runner for LifecycleTests: `depeche-process-probe PROGRAM ARGS...` runs that stage
// command with two children, gives each a document it hangs on, prints "ready PID PID", and
// waits to be killed. SIGTERM or SIGINT must take the children down with it.
import DepecheCore
import DepecheProcess
import Foundation
import Logging

ChildProcessRegistry.installSignalHandlers()
let logger = Logger(label: "depeche-process-probe")
let stage = try ProcessStage(
    ExternalStageConfiguration(
        name: "probe",
        command: Array(CommandLine.arguments.dropFirst()),
        processes: 2,
        inFlight: 1,
        timeout: .seconds(3600),
        logger: logger
    )
)
let context = StageContext(stageName: "probe", logger: logger)
let emitter = DocumentEmitter(send: { _ in }, fail: { _, _, _ in })
for index in 1...2 {
    Task { try await stage.process(Document(id: "hang-\(index)"), context: context, emit: emitter) }
}
while stage.childPIDs.count < 2 {
    try await Task.sleep(for: .milliseconds(20))
}
// Let the handshakes finish and the documents reach the children.
try await Task.sleep(for: .milliseconds(500))
print("ready", stage.childPIDs.map(String.init).joined(separator: " "))
fflush(nil)
try await Task.sleep(for: .seconds(3600))
