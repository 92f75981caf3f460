using System.Globalization;
using System.Text.Json;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Otlp;

/// <summary>
/// The same request in the OTLP/HTTP JSON encoding (<c>application/json</c>): lowerCamelCase fields, ids as hex,
/// 64-bit integers and nanosecond times as strings, enums as numbers.
/// </summary>
public static class OtlpJson
{
    public static byte[] Encode(OtlpResource resource, IEnumerable<TraceSpan> spans, string scopeVersion)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spans);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("resourceSpans");
            w.WriteStartObject();
            w.WriteStartObject("resource");
            Attributes(w, "attributes", resource.Attributes);
            w.WriteEndObject();
            w.WriteStartArray("scopeSpans");
            w.WriteStartObject();
            w.WriteStartObject("scope");
            w.WriteString("name", OtlpResource.ScopeName);
            w.WriteString("version", scopeVersion);
            w.WriteEndObject();
            w.WriteStartArray("spans");
            foreach (var s in spans)
            {
                Span(w, s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Span(Utf8JsonWriter w, TraceSpan s)
    {
        w.WriteStartObject();
        w.WriteString("traceId", s.TraceId);
        w.WriteString("spanId", s.SpanId);
        if (s.ParentSpanId is { } parent)
        {
            w.WriteString("parentSpanId", parent);
        }

        w.WriteString("name", s.Name);
        w.WriteNumber("kind", (int)s.Kind);
        w.WriteString("startTimeUnixNano", OtlpProtobuf.UnixNanos(s.Start).ToString(CultureInfo.InvariantCulture));
        w.WriteString("endTimeUnixNano", OtlpProtobuf.UnixNanos(s.End).ToString(CultureInfo.InvariantCulture));
        Attributes(w, "attributes", s.Attributes);
        w.WriteStartArray("events");
        foreach (var e in s.Events)
        {
            w.WriteStartObject();
            w.WriteString("timeUnixNano", OtlpProtobuf.UnixNanos(e.At).ToString(CultureInfo.InvariantCulture));
            w.WriteString("name", e.Name);
            Attributes(w, "attributes", e.Attributes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("status");
        if (s.StatusMessage is { } message)
        {
            w.WriteString("message", message);
        }

        w.WriteNumber("code", (int)s.Status);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Attributes(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, object>> attributes)
    {
        w.WriteStartArray(name);
        foreach (var a in attributes)
        {
            w.WriteStartObject();
            w.WriteString("key", a.Key);
            w.WritePropertyName("value");
            Value(w, a.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Value(Utf8JsonWriter w, object value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case string s:
                w.WriteString("stringValue", s);
                break;
            case bool b:
                w.WriteBoolean("boolValue", b);
                break;
            case long l:
                w.WriteString("intValue", l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                w.WriteNumber("doubleValue", d);
                break;
            case string[] array:
                w.WriteStartObject("arrayValue");
                w.WriteStartArray("values");
                foreach (var item in array)
                {
                    Value(w, item);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                w.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }

        w.WriteEndObject();
    }
}
