/// An amount before a unit: `3`, `2,5`, `quatre-vingt-dix`, `une quinzaine de`, `plusieurs`.
struct Amount: Sendable, Hashable {
    /// The token after the amount.
    var end: Int
    /// `nil` for an unspecified amount (`plusieurs`, `several`).
    var value: Double?
    var isDigits = false
    /// `un`, `une`, `a`, `an`.
    var isIndefiniteArticle = false
    /// `une quinzaine`, `a dozen`.
    var isApproximate = false
}

extension TemporalTagger {
    /// Bounds on the runs an amount may read (`1 500 000 000`, `quatre-vingt-dix-neuf`).
    static let maximumGroups = 4
    static let maximumNumberWords = 8

    /// The amount starting at token `index`, if any.
    func amount(at index: Int) -> Amount? {
        guard index < stream.count else { return nil }
        let token = stream.tokens[index]
        if token.kind == .number {
            return digitAmount(at: index)
        }
        if let (end, _) = lexicon.vagueQuantities.match(stream, at: index) {
            return Amount(end: end, value: nil)
        }
        if let words = numberWords(at: index) {
            return words
        }
        if let (end, _) = lexicon.indefiniteArticles.match(stream, at: index) {
            // `a dozen`, `une quinzaine de`.
            if let words = numberWords(at: end), words.isApproximate {
                return Amount(end: words.end, value: words.value, isApproximate: true)
            }
            return Amount(end: end, value: 1, isIndefiniteArticle: true)
        }
        return nil
    }

    /// Digits, with a decimal part (`2,5`, `30.4`) or thousands groups (`2 000`).
    private func digitAmount(at index: Int) -> Amount? {
        let token = stream.tokens[index]
        guard let value = token.numberValue else { return nil }
        var end = index + 1
        var total = Double(value)
        if (stream.isSymbol(end, ",") || stream.isSymbol(end, ".")) && stream.isAttached(end)
            && stream.isAttached(end + 1), let fraction = stream.number(end + 1)
        {
            let digits = stream.tokens[end + 1].digitCount
            total += Double(fraction) / pow10(digits)
            end += 2
        } else if stream.isSymbol(end + 1, "/"), stream.number(end) == 1, stream.number(end + 2) == 2,
            stream.tokens[end].spaceBefore, stream.isAttached(end + 1), stream.isAttached(end + 2)
        {
            // `5 1/2 hours`
            total += 0.5
            end += 3
        } else if token.digitCount <= 3 {
            // Thousands written with spaces: `2 000`, `1 500 000` (a few groups at most, so that a
            // long run of digit groups costs linear time overall).
            while end < stream.count, end - index <= Self.maximumGroups, stream.tokens[end].kind == .number,
                stream.tokens[end].digitCount == 3,
                stream.tokens[end].spaceBefore, !stream.tokens[end].lineBreakBefore,
                let group = stream.number(end)
            {
                total = total * 1000 + Double(group)
                end += 1
            }
        }
        return Amount(end: end, value: total, isDigits: true)
    }

    private func pow10(_ digits: Int) -> Double {
        var result = 1.0
        for _ in 0..<digits { result *= 10 }
        return result
    }

    /// A run of number words: `vingt et un`, `quatre-vingt-dix`, `twenty-five`, `deux cents`.
    func numberWords(at index: Int) -> Amount? {
        var position = index
        var total = 0
        var current = 0
        var last = -1
        var approximate = false
        var count = 0
        while position < stream.count, count < Self.maximumNumberWords {
            let info = stream.infos[position]
            guard stream.tokens[position].kind == .word, info.number >= 0 else { break }
            let value = Int(info.number)
            if info.numberIsApproximate {
                // `une quinzaine` is 15, not 16; it ends the amount.
                current = (count == 1 && last == 1 && total == 0) ? value : current + value
                approximate = true
                position += 1
                count += 1
                break
            }
            if value == 100 {
                current = (current == 0 ? 1 : current) * 100
            } else if value >= 1000 {
                total += (current == 0 ? 1 : current) * value
                current = 0
            } else if value == 20 && last == 4 && current % 100 == 4 {
                current += 76  // quatre-vingt
            } else {
                current += value
            }
            last = value
            count += 1
            position += 1
            // Continue through `-` and joiners (`vingt et un`, `one hundred and five`).
            if stream.isSymbol(position, "-"), stream.isAttached(position), stream.isAttached(position + 1),
                position + 1 < stream.count, stream.infos[position + 1].number >= 0
            {
                position += 1
            } else if let (end, _) = lexicon.numberJoiners.match(stream, at: position), end < stream.count,
                stream.infos[end].number >= 0, stream.infos[end].number < 10 || last >= 100
            {
                position = end
            }
        }
        guard count > 0 else { return nil }
        var end = position
        if approximate, let (linkEnd, _) = lexicon.quantityLinks.match(stream, at: end) {
            end = linkEnd
        }
        let isArticle = count == 1 && lexicon.indefiniteArticles.matches(stream, at: index)
        return Amount(
            end: end,
            value: Double(total + current),
            isIndefiniteArticle: isArticle,
            isApproximate: approximate
        )
    }

    /// A day of the month: `15`, `1er`, `1st`, `premier`; its end and value. `afterDash` allows
    /// the second day of a range written `15-18`, right after its link.
    func dayNumber(at index: Int, afterDash: Bool = false) -> (end: Int, day: Int)? {
        guard index < stream.count else { return nil }
        let token = stream.tokens[index]
        if token.kind == .number {
            guard token.digitCount <= 2, let day = token.numberValue, (1...31).contains(day) else { return nil }
            // Not the end of `12/15` or `3,15`.
            if index > 0, !token.spaceBefore, stream.tokens[index - 1].kind == .symbol, !afterDash { return nil }
            var end = index + 1
            if stream.isAttached(end), let (suffixEnd, _) = lexicon.ordinalSuffixes.match(stream, at: end) {
                end = suffixEnd
            }
            return (end, day)
        }
        let info = stream.infos[index]
        if info.ordinal == 1 { return (index + 1, 1) }
        // `le quatorze juillet`: a day in words, after an article for days and before a month (not
        // `deux mars de suite`, `the two May deadlines`).
        if info.number >= 2, lexicon.dayWordArticles.match(stream, endingAt: index) != nil,
            let words = numberWords(at: index), !words.isApproximate, let value = words.value,
            (2...31).contains(Int(value)), monthName(at: words.end) != nil
        {
            return (words.end, Int(value))
        }
        return nil
    }

    /// An ordinal: `troisième`, `third`, `3e`, `3rd`, `XXe`; its end and value.
    func ordinal(at index: Int) -> (end: Int, value: Int)? {
        guard index < stream.count else { return nil }
        let token = stream.tokens[index]
        if token.kind == .number {
            guard let value = token.numberValue, value > 0, value < 100, stream.isAttached(index + 1),
                let (end, _) = lexicon.ordinalSuffixes.match(stream, at: index + 1)
            else { return nil }
            return (end, value)
        }
        if stream.infos[index].ordinal > 0 { return (index + 1, Int(stream.infos[index].ordinal)) }
        if token.kind == .word, let value = romanOrdinal(token) { return (index + 1, value) }
        return nil
    }

    /// `XXe`, `XIXème`, `Ier` as capital roman numerals with an ordinal suffix.
    private func romanOrdinal(_ token: Token) -> Int? {
        guard token.isCapitalized else { return nil }
        let key = token.key
        var numeral = Substring(key)
        for suffix in ["eme", "er", "e"] where key.hasSuffix(suffix) && key.count > suffix.count {
            numeral = key.dropLast(suffix.count)
            break
        }
        guard numeral.count < key.count else { return nil }
        var total = 0
        var previous = 0
        for character in numeral.reversed() {
            let value: Int
            switch character {
            case "i": value = 1
            case "v": value = 5
            case "x": value = 10
            case "l": value = 50
            case "c": value = 100
            default: return nil
            }
            if value < previous {
                total -= value
            } else {
                total += value
                previous = value
            }
        }
        return (1...40).contains(total) ? total : nil
    }
}
