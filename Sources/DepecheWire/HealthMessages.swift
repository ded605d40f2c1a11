internal import CProtobufC
internal import DepecheProtoC

/// `grpc.health.v1.HealthCheckRequest`: the service whose health is asked ("" for the whole server).
public struct HealthCheckRequest: Sendable, Hashable {
    public var service: String

    public init(service: String) {
        self.service = service
    }
}

/// `grpc.health.v1.HealthCheckResponse.ServingStatus`. A value this version does not know reads as
/// `unknown`.
public enum ServingStatus: Int, Sendable, Hashable {
    case unknown = 0
    case serving = 1
    case notServing = 2
    /// Used only by `Watch`, for a service the server does not know.
    case serviceUnknown = 3
}

extension WireCodec {
    /// The protobuf encoding of a `grpc.health.v1.HealthCheckRequest`.
    public static func encode(_ request: HealthCheckRequest) throws -> [UInt8] {
        try packed(
            grpc__health__v1__health_check_request__get_packed_size,
            grpc__health__v1__health_check_request__pack
        ) { arena in
            let message = arena.make(Grpc__Health__V1__HealthCheckRequest.self)
            grpc__health__v1__health_check_request__init(message)
            message.pointee.service = arena.cString(request.service)
            return message
        }
    }

    /// The protobuf encoding of a `grpc.health.v1.HealthCheckResponse` with `status`.
    public static func encode(_ status: ServingStatus) throws -> [UInt8] {
        try packed(
            grpc__health__v1__health_check_response__get_packed_size,
            grpc__health__v1__health_check_response__pack
        ) { arena in
            let message = arena.make(Grpc__Health__V1__HealthCheckResponse.self)
            grpc__health__v1__health_check_response__init(message)
            message.pointee.status = Grpc__Health__V1__HealthCheckResponse__ServingStatus(UInt32(status.rawValue))
            return message
        }
    }

    /// The health check request encoded in `bytes`. Throws ``WireError`` (`malformedMessage`).
    public static func decode(
        _ bytes: some Collection<UInt8>,
        as type: HealthCheckRequest.Type
    ) throws
        -> HealthCheckRequest
    {
        try deserialize(
            bytes,
            "grpc.health.v1.HealthCheckRequest",
            grpc__health__v1__health_check_request__unpack,
            grpc__health__v1__health_check_request__free_unpacked
        ) { HealthCheckRequest(service: String(wireField: $0.service)) }
    }

    /// The status of the health check response encoded in `bytes`. Throws ``WireError``
    /// (`malformedMessage`).
    public static func decode(_ bytes: some Collection<UInt8>, as type: ServingStatus.Type) throws -> ServingStatus {
        try deserialize(
            bytes,
            "grpc.health.v1.HealthCheckResponse",
            grpc__health__v1__health_check_response__unpack,
            grpc__health__v1__health_check_response__free_unpacked
        ) { ServingStatus(rawValue: Int($0.status.rawValue)) ?? .unknown }
    }
}
