import DepecheCore

/// A publication day written in an article's URL path: `/2025/09/04/`, `/2025-09-04-title`,
/// `/20250904/`. A year or a year and month alone (`/2025/09/`) is not a day and gives nothing.
enum URLDate {
    static func day(in url: String) -> String? {
        guard !url.isEmpty else { return nil }
        let path = Array(pathPart(url).utf8)
        var index = 0
        while index + 8 <= path.count {
            // A candidate starts after a slash, at a 19xx or 20xx year.
            if index > 0, path[index - 1] == UInt8(ascii: "/"), let day = day(in: path, at: index) {
                return day
            }
            index += 1
        }
        return nil
    }

    private static func pathPart(_ url: String) -> Substring {
        var rest = url[...]
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return rest[slash...].prefix { $0 != "?" && $0 != "#" }
    }

    /// `YYYY/MM/DD`, `YYYY-MM-DD` or `YYYYMMDD` at `start`, followed by a separator or the end.
    private static func day(in path: [UInt8], at start: Int) -> String? {
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= path.count else { return nil }
            var value = 0
            for index in from..<(from + count) {
                let byte = path[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(start, 4), (1990...2100).contains(year) else { return nil }
        var month: Int?
        var dayValue: Int?
        var end = start + 4
        if end < path.count, path[end] == UInt8(ascii: "/") || path[end] == UInt8(ascii: "-") {
            let separator = path[end]
            month = number(end + 1, 2)
            if month != nil, end + 3 < path.count, path[end + 3] == separator {
                dayValue = number(end + 4, 2)
                end += 6
            }
        } else {
            month = number(end, 2)
            dayValue = number(end + 2, 2)
            end += 4
        }
        guard let month, let dayValue else { return nil }
        if end < path.count {
            let next = path[end]
            let isDigit = next >= 0x30 && next <= 0x39
            guard !isDigit else { return nil }
        }
        return ISODay(year: year, month: month, day: dayValue).map { "\($0)" }
    }
}
