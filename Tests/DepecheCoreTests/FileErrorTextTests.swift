import DepecheCore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages name what failed in words, never with a Foundation error dump.
@Suite struct FileErrorTextTests {
    private enum Unrelated: Error { case first, second, third, fourth, fifth }

    @Test func foundationFileErrorsAreTheirReason() throws {
        #expect(FileErrorText.describe(CocoaError(.fileWriteNoPermission)) == "permission denied")
        #expect(FileErrorText.describe(CocoaError(.fileReadNoSuchFile)) == "no such file or folder")
        #expect(FileErrorText.describe(CocoaError(.fileWriteOutOfSpace)) == "no space left on the disk")
        let underlying = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: underlying])
        #expect(FileErrorText.describe(wrapped) == String(cString: strerror(ENOSPC)))
        // A real one: reading a file that is not there.
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("depeche-\(UUID()).txt")
        do {
            _ = try Data(contentsOf: missing)
            Issue.record("read a file that does not exist")
        } catch {
            let text = FileErrorText.describe(error)
            #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("UserInfo"), "\(text)")
        }
    }

    @Test func otherErrorsKeepTheirOwnWords() {
        #expect(FileErrorText.describe(StageFailure(code: "x", message: "the message")) == "the message")
        // A Swift error bridges to NSError with a small code: it must not read as a file error.
        #expect(FileErrorText.describe(Unrelated.fifth) == "fifth")
    }
}
