using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Pipewise.Forecasting.Onnx;

/// <summary>
/// Hand-encoded messages of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
/// ValueInfoProto) written with <see cref="CodedOutputStream"/>; field numbers from onnx.proto3.
/// </summary>
internal static class OnnxProto
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var ms = new MemoryStream();
        var w = new CodedOutputStream(ms, leaveOpen: true);
        write(w);
        w.Flush();
        return ms.ToArray();
    }

    public static void Bytes(CodedOutputStream w, int field, byte[] message)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(message));
    }

    public static byte[] Node(string op, string[] inputs, string[] outputs, string name, params byte[][] attributes) => Message(w =>
    {
        foreach (var i in inputs)
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteString(i);
        }

        foreach (var o in outputs)
        {
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteString(o);
        }

        w.WriteTag(3, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        w.WriteTag(4, WireFormat.WireType.LengthDelimited);
        w.WriteString(op);
        foreach (var a in attributes)
        {
            Bytes(w, 5, a);
        }
    });

    // AttributeProto: name=1, i=3, s=4, ints=8, type=20 (INT=2, STRING=3, INTS=7).
    public static byte[] Int(string name, long value) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        w.WriteTag(3, WireFormat.WireType.Varint);
        w.WriteInt64(value);
        w.WriteTag(20, WireFormat.WireType.Varint);
        w.WriteEnum(2);
    });

    public static byte[] Str(string name, string value) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        w.WriteTag(4, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFromUtf8(value));
        w.WriteTag(20, WireFormat.WireType.Varint);
        w.WriteEnum(3);
    });

    public static byte[] Ints(string name, params long[] values) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        foreach (var v in values)
        {
            w.WriteTag(8, WireFormat.WireType.Varint);
            w.WriteInt64(v);
        }

        w.WriteTag(20, WireFormat.WireType.Varint);
        w.WriteEnum(7);
    });

    // TensorProto: dims=1, data_type=2, name=8, raw_data=9 (little-endian).
    public static byte[] FloatTensor(string name, long[] dims, ReadOnlySpan<float> data)
    {
        var raw = MemoryMarshal.AsBytes(data).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export needs a little-endian machine.");
        }

        return Tensor(name, dims, FloatType, raw);
    }

    public static byte[] Int64Tensor(string name, long[] dims, long[] data) =>
        Tensor(name, dims, Int64Type, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    private static byte[] Tensor(string name, long[] dims, int type, byte[] raw) => Message(w =>
    {
        foreach (var d in dims)
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(d);
        }

        w.WriteTag(2, WireFormat.WireType.Varint);
        w.WriteInt32(type);
        w.WriteTag(8, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        w.WriteTag(9, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(raw));
    });

    // ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1}; Tensor{elem_type=1, shape=2}; Shape{dim=1}; Dim{dim_value=1, dim_param=2}.
    public static byte[] ValueInfo(string name, string[] dims) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(name);
        Bytes(w, 2, Message(t => Bytes(t, 1, Message(tt =>
        {
            tt.WriteTag(1, WireFormat.WireType.Varint);
            tt.WriteInt32(FloatType);
            Bytes(tt, 2, Message(shape =>
            {
                foreach (var d in dims)
                {
                    Bytes(shape, 1, Message(dim =>
                    {
                        if (long.TryParse(d, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
                        {
                            dim.WriteTag(1, WireFormat.WireType.Varint);
                            dim.WriteInt64(value);
                        }
                        else
                        {
                            dim.WriteTag(2, WireFormat.WireType.LengthDelimited);
                            dim.WriteString(d);
                        }
                    }));
                }
            }));
        }))));
    });
}
