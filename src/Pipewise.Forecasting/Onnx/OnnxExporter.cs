using Google.Protobuf;
using Pipewise.Forecasting.Model;
using static Pipewise.Forecasting.Onnx.OnnxProto;

namespace Pipewise.Forecasting.Onnx;

/// <summary>
/// Writes a <see cref="BiLstmNetwork"/> as an ONNX model (opset 17) using the standard <c>LSTM</c> operator with
/// <c>direction="bidirectional"</c> and standard ops for the heads. The protobuf messages of onnx.proto are
/// encoded by hand with <see cref="CodedOutputStream"/> (field numbers from onnx.proto3).
/// Inputs: <c>input</c> [batch, steps, features] (normalised features), <c>center</c> [batch, 1] (log seconds the p50
/// head corrects) and <c>failure_base</c> [batch, 1] (the logit the failure head corrects).
/// Outputs: <c>duration_p50</c>, <c>duration_p90</c> (log seconds) and <c>failure_probability</c>, each [batch, 1].
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 17;
    public const string InputName = "input";
    public const string CenterName = "center";
    public const string FailureBaseName = "failure_base";
    public const string P50Name = "duration_p50";
    public const string P90Name = "duration_p90";
    public const string FailureName = "failure_probability";

    public static byte[] Export(BiLstmNetwork network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var s = network.Shape;
        var h = s.HiddenSize;
        var nodes = new List<byte[]>();
        var inits = new List<byte[]>();

        nodes.Add(Node("Transpose", [InputName], ["x_l0"], "to_time_major", Ints("perm", 1, 0, 2)));
        if (s.Layers > 1)
        {
            inits.Add(Int64Tensor("shape_merge_dirs", [3], [0, 0, -1]));
        }

        for (var l = 0; l < s.Layers; l++)
        {
            var inSize = s.LayerInput(l);
            inits.Add(FloatTensor($"W_l{l}", [2, 4 * h, inSize], Concat(network.W(l, 0), network.W(l, 1))));
            inits.Add(FloatTensor($"R_l{l}", [2, 4 * h, h], Concat(network.R(l, 0), network.R(l, 1))));
            var bias = new float[2 * 8 * h];
            network.Bias(l, 0).CopyTo(bias.AsSpan(0, 4 * h));
            network.Bias(l, 1).CopyTo(bias.AsSpan(8 * h, 4 * h));
            inits.Add(FloatTensor($"B_l{l}", [2, 8 * h], bias));
            nodes.Add(Node("LSTM", [$"x_l{l}", $"W_l{l}", $"R_l{l}", $"B_l{l}"], [$"Y_l{l}", $"Yh_l{l}"], $"bilstm_l{l}",
                Int("hidden_size", h), Str("direction", "bidirectional")));
            if (l < s.Layers - 1)
            {
                nodes.Add(Node("Transpose", [$"Y_l{l}"], [$"Yt_l{l}"], $"dirs_last_l{l}", Ints("perm", 0, 2, 1, 3)));
                nodes.Add(Node("Reshape", [$"Yt_l{l}", "shape_merge_dirs"], [$"x_l{l + 1}"], $"merge_dirs_l{l}"));
            }
        }

        var top = s.Layers - 1;
        inits.Add(Int64Tensor("shape_flat", [2], [0, -1]));
        nodes.Add(Node("Transpose", [$"Yh_l{top}"], ["final_bdh"], "final_batch_major", Ints("perm", 1, 0, 2)));
        nodes.Add(Node("Reshape", ["final_bdh", "shape_flat"], ["final_states"], "concat_final_states"));
        var p = network.Parameters.AsSpan();
        inits.Add(FloatTensor("head_W1", [s.HeadHidden, 2 * h], p.Slice(network.W1Offset, s.HeadHidden * 2 * h)));
        inits.Add(FloatTensor("head_b1", [s.HeadHidden], p.Slice(network.B1Offset, s.HeadHidden)));
        inits.Add(FloatTensor("head_W2", [3, s.HeadHidden], p.Slice(network.W2Offset, 3 * s.HeadHidden)));
        inits.Add(FloatTensor("head_b2", [3], p.Slice(network.B2Offset, 3)));
        inits.Add(Int64Tensor("split_sizes", [3], [1, 1, 1]));
        nodes.Add(Node("Gemm", ["final_states", "head_W1", "head_b1"], ["head_z1"], "head_dense", Int("transB", 1)));
        nodes.Add(Node("Relu", ["head_z1"], ["head_a1"], "head_relu"));
        nodes.Add(Node("Gemm", ["head_a1", "head_W2", "head_b2"], ["head_out"], "head_out", Int("transB", 1)));
        nodes.Add(Node("Split", ["head_out", "split_sizes"], ["out_p50_rel", "out_spread", "out_logit"], "split_heads", Int("axis", 1)));
        nodes.Add(Node("Add", ["out_p50_rel", CenterName], [P50Name], "add_center"));
        nodes.Add(Node("Softplus", ["out_spread"], ["spread"], "spread_softplus"));
        nodes.Add(Node("Add", [P50Name, "spread"], [P90Name], "add_spread"));
        nodes.Add(Node("Add", ["out_logit", FailureBaseName], ["failure_logit"], "add_failure_base"));
        nodes.Add(Node("Sigmoid", ["failure_logit"], [FailureName], "failure_sigmoid"));

        var graph = Message(w =>
        {
            foreach (var n in nodes)
            {
                Bytes(w, 1, n);
            }

            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteString("pipewise_bilstm");
            foreach (var t in inits)
            {
                Bytes(w, 5, t);
            }

            Bytes(w, 11, ValueInfo(InputName, ["batch", s.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), s.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            Bytes(w, 11, ValueInfo(CenterName, ["batch", "1"]));
            Bytes(w, 11, ValueInfo(FailureBaseName, ["batch", "1"]));
            Bytes(w, 12, ValueInfo(P50Name, ["batch", "1"]));
            Bytes(w, 12, ValueInfo(P90Name, ["batch", "1"]));
            Bytes(w, 12, ValueInfo(FailureName, ["batch", "1"]));
        });

        return Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(8); // ir_version
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteString("pipewise");
            w.WriteTag(3, WireFormat.WireType.LengthDelimited);
            w.WriteString("0.1.0");
            Bytes(w, 7, graph);
            Bytes(w, 8, Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(string.Empty);
                o.WriteTag(2, WireFormat.WireType.Varint);
                o.WriteInt64(Opset);
            }));
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            {
                Bytes(w, 14, Message(e =>
                {
                    e.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    e.WriteString(key);
                    e.WriteTag(2, WireFormat.WireType.LengthDelimited);
                    e.WriteString(value);
                }));
            }
        });
    }

    private static float[] Concat(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var r = new float[a.Length + b.Length];
        a.CopyTo(r);
        b.CopyTo(r.AsSpan(a.Length));
        return r;
    }
}
