namespace Pipewise.Telemetry.Otlp;

/// <summary>The resource every exported span carries: service.name (OTEL_SERVICE_NAME, default "pipewise"), service.version and OTEL_RESOURCE_ATTRIBUTES.</summary>
public sealed record OtlpResource(IReadOnlyList<KeyValuePair<string, object>> Attributes)
{
    public const string ScopeName = "Pipewise";
}
