using Google.Protobuf;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Otlp;

/// <summary>
/// Encodes spans as an OTLP <c>ExportTraceServiceRequest</c> in protobuf (opentelemetry-proto
/// <c>collector/trace/v1</c>, <c>trace/v1</c>, <c>common/v1</c>, <c>resource/v1</c>), by field number, so that ids and
/// historical times are exactly ours. Content type <c>application/x-protobuf</c>.
/// </summary>
public static class OtlpProtobuf
{
    public static byte[] Encode(OtlpResource resource, IEnumerable<TraceSpan> spans, string scopeVersion)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spans);
        var scopeSpans = Message(w =>
        {
            Nested(w, 1, s =>
            {
                s.WriteTag(1, WireFormat.WireType.LengthDelimited);
                s.WriteString(OtlpResource.ScopeName);
                s.WriteTag(2, WireFormat.WireType.LengthDelimited);
                s.WriteString(scopeVersion);
            });
            foreach (var span in spans)
            {
                Nested(w, 2, s => Span(s, span));
            }
        });
        var resourceSpans = Message(w =>
        {
            Nested(w, 1, r =>
            {
                foreach (var a in resource.Attributes)
                {
                    Nested(r, 1, kv => KeyValue(kv, a));
                }
            });
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(scopeSpans));
        });
        return Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(resourceSpans));
        });
    }

    private static void Span(CodedOutputStream w, TraceSpan span)
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(span.TraceId)));
        w.WriteTag(2, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(span.SpanId)));
        if (span.ParentSpanId is { } parent)
        {
            w.WriteTag(4, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(parent)));
        }

        w.WriteTag(5, WireFormat.WireType.LengthDelimited);
        w.WriteString(span.Name);
        w.WriteTag(6, WireFormat.WireType.Varint);
        w.WriteEnum((int)span.Kind);
        w.WriteTag(7, WireFormat.WireType.Fixed64);
        w.WriteFixed64(UnixNanos(span.Start));
        w.WriteTag(8, WireFormat.WireType.Fixed64);
        w.WriteFixed64(UnixNanos(span.End));
        foreach (var a in span.Attributes)
        {
            Nested(w, 9, kv => KeyValue(kv, a));
        }

        foreach (var e in span.Events)
        {
            Nested(w, 11, ev =>
            {
                ev.WriteTag(1, WireFormat.WireType.Fixed64);
                ev.WriteFixed64(UnixNanos(e.At));
                ev.WriteTag(2, WireFormat.WireType.LengthDelimited);
                ev.WriteString(e.Name);
                foreach (var a in e.Attributes)
                {
                    Nested(ev, 3, kv => KeyValue(kv, a));
                }
            });
        }

        if (span.Status != TraceStatus.Unset)
        {
            Nested(w, 15, st =>
            {
                if (span.StatusMessage is { } message)
                {
                    st.WriteTag(2, WireFormat.WireType.LengthDelimited);
                    st.WriteString(message);
                }

                st.WriteTag(3, WireFormat.WireType.Varint);
                st.WriteEnum((int)span.Status);
            });
        }
    }

    private static void KeyValue(CodedOutputStream w, KeyValuePair<string, object> a)
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(a.Key);
        Nested(w, 2, v => AnyValue(v, a.Value));
    }

    private static void AnyValue(CodedOutputStream w, object value)
    {
        switch (value)
        {
            case string s:
                w.WriteTag(1, WireFormat.WireType.LengthDelimited);
                w.WriteString(s);
                break;
            case bool b:
                w.WriteTag(2, WireFormat.WireType.Varint);
                w.WriteBool(b);
                break;
            case long l:
                w.WriteTag(3, WireFormat.WireType.Varint);
                w.WriteInt64(l);
                break;
            case double d:
                w.WriteTag(4, WireFormat.WireType.Fixed64);
                w.WriteDouble(d);
                break;
            case string[] array:
                Nested(w, 5, arr =>
                {
                    foreach (var item in array)
                    {
                        Nested(arr, 1, v => AnyValue(v, item));
                    }
                });
                break;
            default:
                w.WriteTag(1, WireFormat.WireType.LengthDelimited);
                w.WriteString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    internal static ulong UnixNanos(DateTimeOffset t) => (ulong)(t.ToUnixTimeMilliseconds() * 1_000_000L) + (ulong)(t.Ticks % TimeSpan.TicksPerMillisecond * 100);

    private static void Nested(CodedOutputStream w, int field, Action<CodedOutputStream> write)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(Message(write)));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var stream = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(stream);
            stream.Flush();
        }

        return buffer.ToArray();
    }
}
