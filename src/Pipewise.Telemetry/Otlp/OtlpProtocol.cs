namespace Pipewise.Telemetry.Otlp;

/// <summary>OTLP over HTTP: protobuf (the specification's default) or JSON. gRPC is not spoken (a setting asking for it is refused with the reason).</summary>
public enum OtlpProtocol
{
    HttpProtobuf,
    HttpJson,
}
