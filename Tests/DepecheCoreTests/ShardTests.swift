import DepecheCore
import Testing

@Suite struct ShardTests {
    @Test func theHashIsFNV1a64OfTheUTF8Bytes() {
        // The published FNV-1a 64 test vectors, so that any language can compute the same shards.
        #expect(Shard.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Shard.hash("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func everyIdIsInExactlyOneShard() {
        let ids = (0..<1000).map { "doc-\($0)" } + ["é", "北京", ""]
        for count in [1, 2, 3, 7] {
            let shards = (0..<count).map { Shard(index: $0, count: count) }
            for id in ids {
                #expect(shards.filter { $0.contains(id: id) }.count == 1)
            }
            if count > 1 {
                // Spread: no shard is empty over a thousand ids.
                #expect(shards.allSatisfy { shard in ids.contains { shard.contains(id: $0) } })
            }
        }
    }

    @Test(arguments: [
        ("0/4", "0/4"), ("3/4", "3/4"), ("0/1", "0/1"),
    ])
    func parses(_ text: String, _ expected: String) throws {
        #expect(try Shard(parsing: text).description == expected)
    }

    @Test(arguments: [
        ("3/2", "--shard 3/2: the shard index goes from 0 to 1 (the shards of 2 are 0/2 to 1/2)"),
        ("2/2", "--shard 2/2: the shard index goes from 0 to 1 (the shards of 2 are 0/2 to 1/2)"),
        ("0/0", "--shard 0/0: the number of shards must be at least 1"),
        ("-1/3", "--shard -1/3: the shard index goes from 0 to 2 (the shards of 3 are 0/3 to 2/3)"),
        ("1", "--shard must be I/N, two whole numbers such as 0/4, found '1'"),
        ("a/b", "--shard must be I/N, two whole numbers such as 0/4, found 'a/b'"),
        ("1/2/3", "--shard must be I/N, two whole numbers such as 0/4, found '1/2/3'"),
    ])
    func refuses(_ text: String, _ message: String) {
        #expect(throws: ShardError.self) { try Shard(parsing: text) }
        do {
            _ = try Shard(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }
}
