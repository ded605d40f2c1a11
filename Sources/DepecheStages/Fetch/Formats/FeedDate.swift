/// Dates as feeds, sitemaps and HTTP headers write them, turned into the ISO 8601 form that
/// `metadata.published` holds (`2025-09-04` or `2025-09-04T10:00:00+02:00`). Anything that is
/// not clearly a date gives `nil`: a date is never guessed.
struct FeedDate: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    /// `nil` for a day without a time.
    var time: (hour: Int, minute: Int, second: Int)?
    /// Offset from UTC in minutes; `nil` when the text gives none.
    var offsetMinutes: Int?

    static func == (left: FeedDate, right: FeedDate) -> Bool { left.iso == right.iso }
    func hash(into hasher: inout Hasher) { hasher.combine(iso) }

    /// `2025-09-04`, `2025-09-04T10:00:00Z` or `2025-09-04T10:00:00+02:00`.
    var iso: String {
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        guard let time else { return text }
        text += "T" + pad(time.hour, 2) + ":" + pad(time.minute, 2) + ":" + pad(time.second, 2)
        guard let offsetMinutes else { return text }
        if offsetMinutes == 0 { return text + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        return text + sign + pad(abs(offsetMinutes) / 60, 2) + ":" + pad(abs(offsetMinutes) % 60, 2)
    }

    /// Seconds since 1970-01-01T00:00:00Z (midnight UTC for a bare day).
    var unixSeconds: Int {
        let (y, m) = month <= 2 ? (year - 1, month + 9) : (year, month - 3)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * m + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = time.map { $0.hour * 3600 + $0.minute * 60 + $0.second } ?? 0
        return days * 86_400 + seconds - (offsetMinutes ?? 0) * 60
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
        "MDT": -360, "PST": -480, "PDT": -420, "CET": 60, "CEST": 120,
    ]

    /// Any form this file knows: ISO 8601 / RFC 3339 first, then RFC 822 / RFC 1123.
    static func parse(_ text: String) -> FeedDate? {
        iso8601(text) ?? rfc822(text)
    }

    /// RFC 822 / 1123 as in RSS `pubDate` and HTTP headers: `Thu, 04 Sep 2025 10:00:00 +0200`.
    static func rfc822(_ text: String) -> FeedDate? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }
        guard words.count >= 3, let day = Int(words[0]), (1...31).contains(day),
            let month = months.firstIndex(of: String(words[1].prefix(3)).lowercased()),
            var year = Int(words[2])
        else { return nil }
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        var date = FeedDate(year: year, month: month + 1, day: day, time: nil, offsetMinutes: nil)
        guard words.count >= 4 else { return date.isValid ? date : nil }
        let clock = words[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, clock.count <= 3, clock[0] < 24, clock[1] < 60 else { return nil }
        date.time = (clock[0], clock[1], clock.count == 3 ? min(clock[2], 59) : 0)
        if words.count >= 5 {
            let zone = words[4]
            if let named = zones[zone.uppercased()] {
                date.offsetMinutes = named
            } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
                let value = Int(zone.dropFirst())
            {
                date.offsetMinutes = (sign == "-" ? -1 : 1) * (value / 100 * 60 + value % 100)
            }
        }
        return date.isValid ? date : nil
    }

    /// ISO 8601 / RFC 3339 / W3C datetime: `2025-09-04`, `2025-09-04T10:00Z`,
    /// `2025-09-04T10:00:00.5+02:00`. A bare year or year-month is not a date.
    static func iso8601(_ text: String) -> FeedDate? {
        let bytes = Array(text.trimmingASCIISpaces().utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, range.allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) else {
                return nil
            }
            return range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        var date = FeedDate(year: year, month: month, day: day, time: nil, offsetMinutes: nil)
        guard bytes.count > 10 else { return date.isValid ? date : nil }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), let hour = number(11..<13),
            bytes.count >= 16, bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16)
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = number(17..<19) else { return nil }
            second = value
            index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            }
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        date.time = (hour, minute, min(second, 59))
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
                date.offsetMinutes = 0
                index += 1
            } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number(index + 1..<index + 3) else { return nil }
                var minutes = 0
                var end = index + 3
                if end < bytes.count, bytes[end] == UInt8(ascii: ":") { end += 1 }
                if end < bytes.count {
                    guard let value = number(end..<end + 2) else { return nil }
                    minutes = value
                    end += 2
                }
                date.offsetMinutes = sign * (hours * 60 + minutes)
                index = end
            }
            guard index == bytes.count else { return nil }
        }
        return date.isValid ? date : nil
    }

    private var isValid: Bool {
        guard (1...12).contains(month), year >= 1000, year <= 9999, day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
