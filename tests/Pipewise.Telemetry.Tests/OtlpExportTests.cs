using System.Text.Json;
using Google.Protobuf;
using Pipewise.Telemetry.Otlp;
using Pipewise.Telemetry.Traces;
using Pipewise.Testing;

namespace Pipewise.Telemetry.Tests;

[TestClass]
public sealed class OtlpExportTests
{
    private static OtlpSettings Settings(Uri endpoint, string protocol = "http/protobuf", string? timeoutMs = null) =>
        OtlpSettings.From(name => name switch
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => endpoint.ToString(),
            "OTEL_EXPORTER_OTLP_PROTOCOL" => protocol,
            "OTEL_EXPORTER_OTLP_HEADERS" => "x-api-key=s3cr%3Dt,x-team=ci",
            "OTEL_EXPORTER_OTLP_TIMEOUT" => timeoutMs,
            "OTEL_RESOURCE_ATTRIBUTES" => "deployment.environment.name=prod",
            _ => null,
        })!;

    [TestMethod]
    public async Task Export_HttpJson_DeliversEverySpanWithHexIdsHeadersAndResource()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}"));
        var spans = RunTraceBuilder.Build(TracedRuns.Run());
        using var http = new HttpClient();

        var result = await new OtlpTraceExporter(http, Settings(collector.BaseUrl, "http/json")).ExportAsync(spans, CancellationToken.None);

        Assert.IsTrue(result.Delivered, result.Problem);
        var request = collector.RequestsTo("POST", "/v1/traces").Single();
        Assert.AreEqual("application/json", request.Header("content-type"));
        Assert.AreEqual("s3cr=t", request.Header("x-api-key"), "header values are URL-decoded as the specification says");
        using var body = JsonDocument.Parse(request.Body);
        var resourceSpans = body.RootElement.GetProperty("resourceSpans")[0];
        var resource = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetProperty("stringValue").GetString());
        Assert.AreEqual("pipewise", resource["service.name"]);
        Assert.AreEqual("prod", resource["deployment.environment.name"]);
        var sent = resourceSpans.GetProperty("scopeSpans")[0].GetProperty("spans").EnumerateArray().ToList();
        Assert.HasCount(spans.Count, sent);
        var root = sent.Single(s => !s.TryGetProperty("parentSpanId", out _));
        Assert.AreEqual(spans[0].TraceId, root.GetProperty("traceId").GetString());
        Assert.AreEqual(2, root.GetProperty("kind").GetInt32());
        Assert.AreEqual("1795168760000000000", root.GetProperty("startTimeUnixNano").GetString(), "nanoseconds since the epoch, as a string");
        Assert.IsTrue(root.GetProperty("attributes").EnumerateArray().Any(a => a.GetProperty("key").GetString() == "cicd.pipeline.name" && a.GetProperty("value").GetProperty("stringValue").GetString() == "CI"));
    }

    [TestMethod]
    public void EncodeProtobuf_DecodesToTheSameSpans()
    {
        var spans = RunTraceBuilder.Build(TracedRuns.Run());

        var bytes = OtlpProtobuf.Encode(new OtlpResource([new("service.name", "pipewise")]), spans, "1.0.0");

        var resourceSpans = Fields(bytes).Where(f => f.Number == 1).Select(f => f.Bytes!).Single();
        var scopeSpans = Fields(resourceSpans).Where(f => f.Number == 2).Select(f => f.Bytes!).Single();
        var encoded = Fields(scopeSpans).Where(f => f.Number == 2).Select(f => f.Bytes!).ToList();
        Assert.HasCount(spans.Count, encoded);
        for (var i = 0; i < spans.Count; i++)
        {
            var fields = Fields(encoded[i]).ToList();
            Assert.AreEqual(spans[i].TraceId, Convert.ToHexStringLower(fields.Single(f => f.Number == 1).Bytes!));
            Assert.AreEqual(spans[i].SpanId, Convert.ToHexStringLower(fields.Single(f => f.Number == 2).Bytes!));
            Assert.AreEqual(spans[i].ParentSpanId, fields.SingleOrDefault(f => f.Number == 4).Bytes is { } p ? Convert.ToHexStringLower(p) : null);
            Assert.AreEqual(spans[i].Name, System.Text.Encoding.UTF8.GetString(fields.Single(f => f.Number == 5).Bytes!));
            Assert.AreEqual((ulong)spans[i].Start.ToUnixTimeMilliseconds() * 1_000_000UL, fields.Single(f => f.Number == 7).Value);
        }
    }

    [TestMethod]
    public async Task Export_CollectorBusyOnce_RetriesAndDelivers_ButABadRequestIsNotRetried()
    {
        await using var collector = await ReplayServer.StartAsync();
        var calls = 0;
        collector.Map("POST", "/v1/traces", _ => Interlocked.Increment(ref calls) == 1 ? new ReplayResponse(503, "busy") : new ReplayResponse(200, "{}"));
        collector.Map("POST", "/bad/v1/traces", new ReplayResponse(400, "{}"));
        using var http = new HttpClient();
        var spans = RunTraceBuilder.Build(TracedRuns.Run());

        var busy = await new OtlpTraceExporter(http, Settings(collector.BaseUrl)).ExportAsync(spans, CancellationToken.None);
        var bad = await new OtlpTraceExporter(http, Settings(new Uri(collector.BaseUrl, "bad/"))).ExportAsync(spans, CancellationToken.None);

        Assert.IsTrue(busy.Delivered, busy.Problem);
        Assert.AreEqual(2, calls, "a 503 is transient: retried once, then delivered");
        Assert.IsFalse(bad.Delivered);
        StringAssert.Contains(bad.Problem, "answered 400");
        Assert.HasCount(1, collector.RequestsTo("POST", "/bad/v1/traces"), "a 400 is not retried");
    }

    [TestMethod]
    public async Task Export_CollectorDown_IsAProblemNotAnException()
    {
        using var http = new HttpClient();
        var down = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var result = await new OtlpTraceExporter(http, Settings(down)).ExportAsync(RunTraceBuilder.Build(TracedRuns.Run()), CancellationToken.None);

        Assert.IsFalse(result.Delivered);
        StringAssert.Contains(result.Problem, "could not be reached");
    }

    [TestMethod]
    public async Task Export_CollectorHangs_GivesUpAtTheTimeout()
    {
        await using var collector = await ReplayServer.StartAsync();
        collector.Map("POST", "/v1/traces", new ReplayResponse(200, "{}", Delay: TimeSpan.FromSeconds(60)));
        using var http = new HttpClient();

        var result = await new OtlpTraceExporter(http, Settings(collector.BaseUrl, timeoutMs: "500")).ExportAsync(RunTraceBuilder.Build(TracedRuns.Run()), CancellationToken.None);

        Assert.IsFalse(result.Delivered);
        StringAssert.Contains(result.Problem, "no answer from");
        StringAssert.Contains(result.Problem, "within 0.5 s");
    }

    [TestMethod]
    [DataRow("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported")]
    [DataRow("OTEL_EXPORTER_OTLP_TIMEOUT", "soon", "OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds")]
    [DataRow("OTEL_EXPORTER_OTLP_HEADERS", "Authorization Bearer abc", "OTEL_EXPORTER_OTLP_HEADERS: expected key=value pairs")]
    public void From_BadSetting_NamesTheVariableAndNeverTheSecret(string variable, string value, string message)
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => OtlpSettings.From(n => n == variable ? value : n == "OTEL_EXPORTER_OTLP_ENDPOINT" ? "http://127.0.0.1:4318" : null));

        StringAssert.StartsWith(ex.Message, message);
        Assert.DoesNotContain("abc", ex.Message);
    }

    [TestMethod]
    public void From_EndpointWithCredentials_IsRefusedWithoutPrintingThem()
    {
        var ex = Assert.ThrowsExactly<FormatException>(() => OtlpSettings.From(n => n == "OTEL_EXPORTER_OTLP_ENDPOINT" ? "https://user:hunter2@otel.example.com" : null));
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [TestMethod]
    public void From_Signals_AppendPathsToTheBaseAndToStringMasksHeaders()
    {
        var settings = OtlpSettings.From(n => n switch
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => "http://127.0.0.1:4318/",
            "OTEL_EXPORTER_OTLP_HEADERS" => "x-honeycomb-team=key123",
            _ => null,
        })!;

        Assert.AreEqual("http://127.0.0.1:4318/v1/traces", settings.TracesEndpoint.ToString());
        Assert.AreEqual("http://127.0.0.1:4318/v1/metrics", settings.MetricsEndpoint.ToString());
        Assert.DoesNotContain("key123", settings.ToString());
        CollectionAssert.AreEqual(new[] { "key123" }, settings.Secrets.ToList());
        Assert.IsNull(OtlpSettings.From(_ => null), "no endpoint: export is off");
    }

    private readonly record struct Field(int Number, byte[]? Bytes, ulong Value);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var input = new CodedInputStream(message);
        var fields = new List<Field>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, input.ReadBytes().ToByteArray(), 0));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, null, input.ReadFixed64()));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, null, input.ReadUInt64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}
